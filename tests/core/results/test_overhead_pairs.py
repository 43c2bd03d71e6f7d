"""The overhead from paired fits: t interval against scipy, CPU seconds preferred, noise said."""

from __future__ import annotations

import pytest
from scipy import stats

from percae_core.results.overhead_pairs import overhead_estimates
from percae_core.stats.notes import NOISE_BOUND


def _fit(variant: str, seed: int, per_epoch: float, cpu: float | None = None) -> dict:
    record = {"dataset": "lunarlander", "z": 32, "seed": seed, "repeat": 0, "variant": variant}
    record.update(seconds_per_epoch=per_epoch, epochs_run=4)
    if cpu is not None:
        record["cpu_seconds"] = cpu
    return record


def test_pairs_give_the_mean_ratio_and_scipys_t_interval():
    fits = []
    for seed, (pixel, perceptual) in enumerate([(2.0, 2.4), (2.0, 2.5), (2.2, 2.6)]):
        fits += [_fit("ae", seed, pixel), _fit("pae", seed, perceptual)]
    (estimate,) = overhead_estimates(fits)
    ratios = [20.0, 25.0, 100 * (2.6 / 2.2 - 1)]
    ci = stats.ttest_1samp(ratios, 0).confidence_interval(0.95)
    assert estimate.n == 3 and estimate.timing == "wall seconds"
    assert estimate.mean_pct == pytest.approx(sum(ratios) / 3)
    assert (estimate.ci_low_pct, estimate.ci_high_pct) == pytest.approx((ci.low, ci.high))
    assert not estimate.noise_bound and NOISE_BOUND not in estimate.sentence


def test_cpu_seconds_are_used_when_both_fits_carry_them_and_noise_is_named():
    fits = [
        _fit("ae", 0, 2.0, cpu=8.0),
        _fit("pae", 0, 9.0, cpu=8.4),
        _fit("ae", 1, 2.0, cpu=8.0),
        _fit("pae", 1, 9.0, cpu=7.8),
    ]
    (estimate,) = overhead_estimates(fits)
    assert estimate.timing == "cpu seconds"
    assert estimate.mean_pct == pytest.approx((5.0 - 2.5) / 2)
    assert estimate.noise_bound and NOISE_BOUND in estimate.sentence


def test_unpaired_fits_make_no_estimate():
    assert overhead_estimates([_fit("ae", 0, 2.0), _fit("pae", 1, 2.5)]) == []
