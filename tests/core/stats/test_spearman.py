"""Spearman's rho with its Fisher z interval (Fieller's SE), against scipy on fixed inputs, and
the cases without a number: under four networks, a constant side, |rho| = 1."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from percae_core.stats.spearman import CONSTANT, TOO_FEW, spearman


def test_rho_p_and_interval_match_scipy_and_the_fieller_formula():
    scores, depth = [2.0, 3.5, 3.1, 6.0, 4.4, 5.0], [1, 2, 3, 4, 2, 4]
    found = spearman("depth", scores, depth)
    expected = stats.spearmanr(scores, depth)
    assert found.n == 6 and found.note is None
    assert found.rho == pytest.approx(expected.statistic)
    assert found.p == pytest.approx(expected.pvalue)
    half = stats.norm.ppf(0.975) * math.sqrt(1.06 / 3)
    centre = math.atanh(float(expected.statistic))
    assert (found.ci_low, found.ci_high) == pytest.approx(
        (math.tanh(centre - half), math.tanh(centre + half))
    )


def test_four_networks_are_enough_and_three_are_not():
    four = spearman("depth", [1.0, 2.0, 4.0, 3.0], [1, 2, 3, 4])
    assert four.rho == pytest.approx(0.8) and four.ci_low is not None
    three = spearman("depth", [1.0, 2.0, 3.0], [3, 2, 1])
    assert (three.rho, three.ci_low, three.note, three.n) == (None, None, TOO_FEW, 3)


def test_one_trunk_has_one_imagenet_accuracy_so_no_correlation():
    found = spearman("imagenet_top1", [4.0, 5.0, 3.0, 6.0], [56.5, 56.5, 56.5, 56.5])
    assert found.rho is None and found.note == CONSTANT


def test_a_perfect_ranking_has_rho_but_no_fisher_interval():
    found = spearman("imagenet_top1", [1.0, 2.0, 3.0, 4.0], [56.5, 58.2, 69.8, 71.6])
    assert found.rho == pytest.approx(1.0) and found.ci_low is None and found.ci_high is None
    assert found.note is not None and "2/n! = 0.083" in found.note
