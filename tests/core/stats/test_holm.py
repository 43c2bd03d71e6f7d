"""Holm's adjustment computed by hand on fixed inputs, and intervals that agree with it."""

from __future__ import annotations

import numpy as np
import pytest

from percae_core.stats.holm import holm_adjusted, holm_alphas

P = [0.01, 0.04, 0.03, 0.005]


def _holm_by_hand(p: list[float]) -> list[float]:
    m = len(p)
    order = np.argsort(p, kind="stable")
    adjusted = np.empty(m)
    running = 0.0
    for j, index in enumerate(order):
        running = max(running, min(1.0, (m - j) * p[index]))
        adjusted[index] = running
    return list(adjusted)


def test_holm_adjusted_p_values_by_hand():
    # sorted 0.005, 0.01, 0.03, 0.04 -> 4*0.005=0.02, 3*0.01=0.03, 2*0.03=0.06, max(0.06,0.04)
    assert holm_adjusted(P) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert holm_adjusted(P) == pytest.approx(_holm_by_hand(P))


def test_holm_caps_at_one():
    assert holm_adjusted([0.6, 0.9]) == pytest.approx([1.0, 1.0])


def test_levels_are_each_steps_own_until_the_step_down_stops():
    # 0.005 <= 0.05/4 rejected; 0.01 <= 0.05/3 rejected; 0.03 > 0.05/2: stops at rank 3.
    assert holm_alphas(P) == pytest.approx([0.05 / 3, 0.05 / 2, 0.05 / 2, 0.05 / 4])


def test_the_statistics_notes_example_where_rank_levels_would_disagree():
    # m = 2, p = 0.03 and 0.04: neither is rejected, so both intervals are at 97.5 %.
    assert holm_adjusted([0.03, 0.04]) == pytest.approx([0.06, 0.06])
    assert holm_alphas([0.03, 0.04]) == pytest.approx([0.025, 0.025])


@pytest.mark.parametrize("seed", range(20))
def test_a_comparison_is_rejected_exactly_when_its_p_is_below_its_level(seed):
    p = list(np.random.default_rng(seed).uniform(0, 0.08, 6))
    for p_holm, alpha, raw in zip(holm_adjusted(p), holm_alphas(p), p):
        assert (p_holm <= 0.05) == (raw <= alpha)
