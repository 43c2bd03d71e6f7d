"""The overhead says when it is noise, and from how many pairs, in one sentence everywhere: the
table, its export, the Live screen's verdict, the report and the overhead figure (issue 25
item 10), from paired fits with a t interval (`overhead_pairs.py`)."""

from __future__ import annotations

import pytest
from scipy import stats

from percae_core.results.export import render_table
from percae_core.results.overhead import overhead_table
from percae_core.results.overhead_verdict import NO_PAIRS, overhead_verdict
from percae_core.stats.notes import NOISE_BOUND


def _fit(variant: str, z: int, seconds: float, repeat: int = 0) -> dict:
    return {
        "dataset": "lunarlander",
        "variant": variant,
        "z": z,
        "seed": 0,
        "repeat": repeat,
        "device": "cpu",
        "seconds_per_epoch": seconds,
        "loss_net": None,
        "profile": "smoke",
    }


def test_the_overhead_table_and_its_export_carry_the_same_noise_sentence():
    # ratios +150% and -40%: an interval that holds 0, from 2 pairs
    fits = [_fit("ae", 32, 10.0), _fit("pae", 32, 25.0), _fit("ae", 64, 10.0), _fit("pae", 64, 6.0)]
    table = overhead_table(fits)
    assert table is not None
    low, high = stats.ttest_1samp([150.0, -40.0], 0.0).confidence_interval(0.95)
    sentence = (
        f"+55.0% [{low:+.1f}%, {high:+.1f}%] (95 % t interval, 2 pairs of fits, wall seconds): "
        f"{NOISE_BOUND}."
    )
    assert table.notes[-1] == sentence
    assert overhead_verdict(table) == sentence  # what the Live screen shows
    assert f"- {sentence}" in render_table(table)
    assert dict(zip(table.columns, table.rows[0]))["Overhead [95 % interval]"] == (
        f"+55.0% [{low:+.1f}%, {high:+.1f}%]"
    )


def test_a_clear_overhead_is_stated_without_the_noise_caveat():
    times = [(10.0, 12.0), (10.0, 12.2), (10.0, 11.9)]
    fits = [
        fit
        for repeat, (pixel, perceptual) in enumerate(times)
        for fit in (_fit("ae", 32, pixel, repeat), _fit("pae", 32, perceptual, repeat))
    ]
    table = overhead_table(fits)
    assert table is not None
    assert table.notes[-1].startswith("+20.3% [") and NOISE_BOUND not in table.notes[-1]
    assert table.rows[0][1:3] == ("10.00", "12.03") and table.rows[0][4] == "3"


def test_one_pair_has_no_interval_and_says_so():
    table = overhead_table([_fit("ae", 32, 10.0), _fit("pae", 32, 11.0)])
    assert table is not None
    assert table.notes[-1] == (
        f"+10.0% from 1 pair of fits, wall seconds: one pair has no interval; {NOISE_BOUND}."
    )
    assert table.rows[0][3] == "+10.0% (no interval)"


def test_without_pairs_there_is_no_table_and_the_verdict_says_so():
    assert overhead_table([_fit("ae", 32, 10.0)]) is None
    assert overhead_verdict(None) == NO_PAIRS


@pytest.mark.parametrize("cpu", [True, False])
def test_cpu_seconds_are_used_when_both_fits_have_them(cpu: bool):
    pixel, perceptual = _fit("ae", 32, 10.0), _fit("pae", 32, 10.0)
    if cpu:
        pixel.update(cpu_seconds=20.0, epochs_run=2)
        perceptual.update(cpu_seconds=30.0, epochs_run=2)
    table = overhead_table([pixel, perceptual])
    assert table is not None
    assert table.rows[0][3] == ("+50.0% (no interval)" if cpu else "+0.0% (no interval)")
