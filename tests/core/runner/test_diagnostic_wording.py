"""The trivial-predictor warning writes its numbers as the tables do: the metric's unit and its
decimals from the metric registry ("mlp 8.8 and linear 10.09" mixed them before)."""

from __future__ import annotations

from percae_core.runner.cell_stages.diagnostics import scores_text


def test_distances_have_the_tables_decimals_and_unit():
    text = scores_text("distance_px", {"mlp": 8.8, "linear": 10.0913}, ["mlp", "linear"])
    assert text == "mlp 8.80 px and linear 10.09 px"


def test_accuracies_are_percent_with_one_decimal():
    assert scores_text("accuracy", {"linear": 0.41237}, ["linear"]) == "linear 41.2"
