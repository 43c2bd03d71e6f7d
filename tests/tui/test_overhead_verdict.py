"""The Live screen says when the measured overhead is noise, and from how many pairs."""

from __future__ import annotations

from percae_core.results.summary import Summary
from percae_tui.overhead_verdict import verdict


def test_a_spread_wider_than_the_mean_is_called_noise():
    text = verdict(Summary(-12.5, 15.5, 4))
    assert "no conclusion" in text and "4 pairs" in text


def test_too_few_pairs_conclude_nothing():
    assert "too few" in verdict(Summary(10.0, None, 1))


def test_a_clear_overhead_is_stated_with_its_pairs():
    text = verdict(Summary(12.0, 3.0, 5))
    assert text == "From 5 pairs of fits: +12.0% ± 3.0%."
