"""The overhead says when it is noise, and from how many pairs, in one sentence everywhere."""

from __future__ import annotations

from percae_core.results.export import render_table
from percae_core.results.overhead import overhead_table
from percae_core.results.overhead_verdict import overhead_verdict, verdict
from percae_core.results.summary import Summary


def test_a_spread_wider_than_the_mean_is_called_noise():
    text = verdict(Summary(-12.5, 15.5, 4))
    assert "no conclusion" in text and "4 pairs" in text


def test_too_few_pairs_conclude_nothing():
    assert "too few" in verdict(Summary(10.0, None, 1))


def test_a_clear_overhead_is_stated_with_its_pairs():
    text = verdict(Summary(12.0, 3.0, 5))
    assert text == "From 5 pairs of fits: +12.0% ± 3.0%."


def _fit(variant: str, z: int, seconds: float) -> dict:
    return {
        "dataset": "lunarlander",
        "variant": variant,
        "z": z,
        "device": "cpu",
        "seconds_per_epoch": seconds,
        "loss_net": None,
        "profile": "smoke",
    }


def test_the_overhead_table_and_its_export_carry_the_same_noise_sentence():
    # ratios +150% and -40%: a spread wider than the mean, from 2 pairs
    fits = [_fit("ae", 32, 10.0), _fit("pae", 32, 25.0), _fit("ae", 64, 10.0), _fit("pae", 64, 6.0)]
    table = overhead_table(fits)
    assert table is not None
    sentence = "From 2 pairs of fits only: too few to conclude anything about the overhead."
    assert table.notes[-1] == sentence
    assert overhead_verdict(table) == sentence  # what the Live screen shows
    assert f"- {sentence}" in render_table(table)
