"""The interval a results cell shows over runs is Student's t of the mean, as scipy computes it."""

from __future__ import annotations

import pytest
from scipy import stats

from percae_core.results.summary import Summary, interval_text


@pytest.mark.parametrize("runs", [[8.0, 9.0], [7.42, 8.32, 9.22], [0.3, 0.31, 0.29, 0.35, 0.28]])
def test_the_interval_is_scipys_t_interval(runs: list[float]) -> None:
    summary = Summary.of(runs)
    assert summary is not None
    expected = stats.t.interval(0.95, len(runs) - 1, loc=summary.mean, scale=stats.sem(runs))
    assert summary.interval() == pytest.approx(expected, rel=1e-12)
    assert summary.half_width() == pytest.approx((expected[1] - expected[0]) / 2, rel=1e-12)


def test_one_run_has_no_interval_and_reads_as_its_value() -> None:
    summary = Summary.of([8.03])
    assert summary is not None and summary.interval() is None and summary.half_width() == 0.0
    assert interval_text("distance_px", summary, ["z=32"]) == "8.03 (z=32)"


def test_several_runs_read_as_mean_interval_and_n() -> None:
    summary = Summary.of([8.0, 9.0])
    assert summary is not None
    low, high = stats.t.interval(0.95, 1, loc=8.5, scale=stats.sem([8.0, 9.0]))
    assert interval_text("distance_px", summary) == f"8.50 [{low:.2f}, {high:.2f}] (n=2)"
