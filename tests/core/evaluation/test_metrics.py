"""Test metrics are exact per-sample means, whatever the batch size."""

from __future__ import annotations

import pytest
import torch

import percae_core.evaluation.predictor_result as predictor_result
from percae_core.evaluation import (
    PredictorSpec,
    accuracy,
    evaluate,
    mean_distance_px,
    run_predictor_grid,
)
from percae_core.evaluation.metrics import RunningMetric


def test_mean_distance_is_the_mean_euclidean_distance_in_pixels():
    pred = torch.tensor([[0.0, 0.0], [3.0, 4.0], [1.0, 1.0]])
    target = torch.tensor([[0.0, 0.0], [0.0, 0.0], [1.0, 2.0]])
    assert mean_distance_px(pred, target) == pytest.approx((0 + 5 + 1) / 3)


def test_accuracy_is_the_fraction_of_top_scores_on_the_true_label():
    scores = torch.tensor([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.3, 0.7]])
    assert accuracy(scores, torch.tensor([0, 1, 1, 1])) == pytest.approx(0.75)
    assert accuracy(scores, torch.tensor([1, 0, 1, 0])) == 0.0


def test_uneven_last_batch_counts_each_sample_once():
    pred = torch.tensor([[0.0, 0.0]] * 9)
    target = torch.tensor([[1.0, 0.0]] * 8 + [[100.0, 0.0]])
    exact = mean_distance_px(pred, target)
    running = RunningMetric("position")
    batch_means = []
    for start in range(0, 9, 4):  # batches of 4, 4 and 1
        running.update(pred[start : start + 4], target[start : start + 4])
        batch_means.append(mean_distance_px(pred[start : start + 4], target[start : start + 4]))
    assert running.value == pytest.approx(exact) == pytest.approx(108 / 9)
    assert sum(batch_means) / len(batch_means) != pytest.approx(
        exact
    )  # the original's mean of batch means


def test_evaluate_in_small_chunks_equals_the_exact_formula(monkeypatch):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(90, 4, generator=g)
    y = 30 + 8 * x[:, :2]
    result = run_predictor_grid(
        x[:50],
        y[:50],
        x[50:70],
        y[50:70],
        task="position",
        num_outputs=2,
        epochs=2,
        patience=2,
        seed=0,
        specs=[PredictorSpec("linear")],
    )
    predictor = result.best("linear")
    test_x, test_y = x[75:], y[75:]
    exact = mean_distance_px(predictor.predict(test_x), test_y)
    monkeypatch.setattr(predictor_result, "EVAL_CHUNK", 7)  # 15 test samples: 7 + 7 + 1
    assert evaluate(predictor, test_x, test_y, "position") == pytest.approx(exact, rel=1e-6)
    chunk_means = [
        mean_distance_px(predictor.predict(test_x[i : i + 7]), test_y[i : i + 7])
        for i in (0, 7, 14)
    ]
    assert sum(chunk_means) / 3 != pytest.approx(exact, rel=1e-3)
