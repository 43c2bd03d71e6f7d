"""The metric registry decides how every metric is computed, compared and shown."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from percae_core.data.description import predicts_vector
from percae_core.evaluation.diagnostics import compare_with_trivial
from percae_core.evaluation.metric_registry import (
    find_metric,
    get_metric,
    list_metrics,
    metric_caption,
    metric_for_task,
    trivial_predictor_title,
)
from percae_core.evaluation.metrics import RunningMetric
from percae_core.results.summary import lower_is_better, number_text, shown_value, unit_of

METRICS = list_metrics()


@pytest.mark.parametrize("name", METRICS)
def test_each_metric_is_the_metric_of_its_task_and_computes_batch_by_batch(name):
    info = get_metric(name)
    assert metric_for_task(info.task) is info
    running = RunningMetric(info.task)
    assert running.name == name
    if predicts_vector(info.task):
        running.update(torch.zeros(2, 2), torch.tensor([[3.0, 4.0], [0.0, 0.0]]))
    else:
        running.update(torch.tensor([[0.9, 0.1], [0.9, 0.1]]), torch.tensor([0, 1]))
    assert running.value == pytest.approx(2.5 if predicts_vector(info.task) else 0.5)


@pytest.mark.parametrize("name", METRICS)
def test_tables_show_each_metric_as_its_entry_says(name):
    info = get_metric(name)
    assert shown_value(name, 0.5) == pytest.approx(50.0 if info.percent else 0.5)
    assert number_text(name, 12.3456) == f"{12.3456:.{info.decimals}f}"
    assert unit_of(name) == info.unit
    assert lower_is_better(name) is not info.higher_is_better
    assert metric_caption(name) == info.caption
    # A trivial predictor is named by its kind; the first metric of that kind gives its words.
    first = next(
        get_metric(m) for m in METRICS if get_metric(m).trivial_predictor == info.trivial_predictor
    )
    assert trivial_predictor_title(info.trivial_predictor) == first.trivial_description


@pytest.mark.parametrize("name", METRICS)
def test_the_trivial_warning_follows_the_metrics_direction(name):
    info = get_metric(name)
    good, bad = (0.9, 0.1) if info.higher_is_better else (1.0, 10.0)
    trivial = 0.5 if info.higher_is_better else 5.0

    def scores(mean: float) -> np.ndarray:
        return mean + np.linspace(-0.05, 0.05, 500)

    assert compare_with_trivial(scores(good), scores(trivial), name) is None
    warning = compare_with_trivial(scores(bad), scores(trivial), name)
    assert warning is not None and info.trivial_behaviour in warning


def test_the_papers_precision_and_units_are_kept():
    assert number_text("distance_px", 2.25) == "2.25"
    assert (number_text("accuracy", 71.26), unit_of("accuracy")) == ("71.3", "%")
    assert (unit_of("distance_px"), number_text("recon_l1", 0.0612345)) == ("px", "0.06123")
    assert find_metric("recon_l1") is None and lower_is_better("recon_l1")
