"""Per-example test scores: their mean is the recorded metric, and they survive a round trip."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from percae_core.evaluation.predictor_result import evaluate
from percae_core.evaluation.test_scores import (
    load_test_scores,
    per_example_scores,
    save_test_scores,
    scores_path,
)


def _trained(task: str, outputs: int):
    from percae_core.evaluation.predictor_grid import run_predictor_grid

    torch.manual_seed(0)
    x = torch.randn(60, 4)
    y = x[:, :2] * 10 if task == "position" else (x[:, 0] > 0).long()
    grid = run_predictor_grid(
        x,
        y,
        x,
        y,
        task=task,
        num_outputs=outputs,
        epochs=2,
        patience=2,
        seed=0,
        device=torch.device("cpu"),
    )
    return grid.best("linear"), x, y


@pytest.mark.parametrize(("task", "outputs"), [("position", 2), ("classification", 2)])
def test_mean_of_scores_is_the_metric(task, outputs):
    predictor, x, y = _trained(task, outputs)
    scores = per_example_scores(predictor, x, y, task)
    assert scores.shape == (60,)
    assert scores.mean() == pytest.approx(evaluate(predictor, x, y, task), rel=1e-12)
    if task == "classification":
        assert set(np.unique(scores)) <= {0.0, 1.0}


def test_stored_scores_round_trip_and_a_damaged_file_is_not_used(tmp_path):
    scores = np.array([1.5, 2.0, 0.25])
    assert save_test_scores(tmp_path, "mlp", scores, "abc") == pytest.approx(1.25)
    assert np.array_equal(load_test_scores(tmp_path, "mlp"), scores)
    scores_path(tmp_path, "mlp").write_bytes(b"broken")
    assert load_test_scores(tmp_path, "mlp") is None
    assert load_test_scores(tmp_path, "linear") is None
