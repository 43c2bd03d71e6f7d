"""The t interval and p-value over repeats, and the bootstrap over test examples, against scipy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from percae_core.stats.evidence import (
    BOOTSTRAP_RESAMPLES,
    BOOTSTRAP_SEED,
    RepeatEvidence,
    SingleRunEvidence,
    paired_differences,
)

VARIANT = [3.1, 2.7, 3.4, 2.9]
BASELINE = [4.0, 3.9, 3.6, 4.4]


def test_t_interval_and_p_value_equal_scipys_paired_t_test():
    evidence = RepeatEvidence(paired_differences(VARIANT, BASELINE))
    expected = stats.ttest_rel(VARIANT, BASELINE)
    ci = expected.confidence_interval(confidence_level=0.99)
    assert evidence.p_value() == pytest.approx(expected.pvalue)
    assert evidence.interval(0.99) == pytest.approx((ci.low, ci.high))
    assert evidence.mean == pytest.approx(np.mean(VARIANT) - np.mean(BASELINE))


def test_t_interval_is_the_textbook_formula():
    d = np.subtract(VARIANT, BASELINE)
    half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
    low, high = RepeatEvidence(tuple(d)).interval(0.95)
    assert (low, high) == pytest.approx((d.mean() - half, d.mean() + half))


def test_identical_differences_give_a_zero_width_interval_not_nan():
    evidence = RepeatEvidence((0.5, 0.5, 0.5))
    assert evidence.interval(0.95) == (0.5, 0.5)


def test_one_pair_cannot_make_a_t_interval():
    with pytest.raises(ValueError, match="two"):
        RepeatEvidence((1.0,))


def test_bootstrap_over_test_examples_matches_scipys_percentile_bootstrap():
    rng = np.random.default_rng(7)
    d = rng.normal(-0.2, 1.0, 500)
    evidence = SingleRunEvidence(d)
    reference = stats.bootstrap(
        (d,),
        np.mean,
        n_resamples=BOOTSTRAP_RESAMPLES,
        method="percentile",
        confidence_level=0.9,
        rng=np.random.default_rng(BOOTSTRAP_SEED),
    ).confidence_interval
    assert evidence.interval(0.9) == pytest.approx((reference.low, reference.high), rel=1e-9)
    assert evidence.mean == pytest.approx(d.mean())


def test_bootstrap_is_seeded_so_the_same_errors_give_the_same_interval():
    d = np.random.default_rng(3).normal(0.0, 1.0, 300)
    assert SingleRunEvidence(d).interval(0.95) == SingleRunEvidence(d.copy()).interval(0.95)


def test_bootstrap_p_value_agrees_with_its_percentile_interval():
    d = np.random.default_rng(11).normal(0.08, 1.0, 800)
    evidence = SingleRunEvidence(d)
    p = evidence.p_value()
    for confidence in (0.8, 0.9, 0.95, 0.99):
        low, high = evidence.interval(confidence)
        excludes_zero = low > 0 or high < 0
        assert excludes_zero == (p < 1 - confidence)
