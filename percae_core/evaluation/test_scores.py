"""Per-example test scores of a best predictor, kept so that a single run can be compared by a
paired bootstrap over test examples (`percae_core.stats`).

A score is the metric of one test example: its distance in pixels (position) or 1/0 for a
correct/wrong class (classification), so their mean is the recorded metric. Stored as
``test-scores-<predictor>.npy`` in the cell's run folder with a checksum record naming the
checkpoint and the predictor; pairs of runs match by test index.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from percae_core.data.description import predicts_vector
from percae_core.evaluation.predictor_problem import EVAL_CHUNK
from percae_core.evaluation.predictor_result import TrainedPredictor
from percae_core.storage.artefact import artefact_problem, write_artefact


def scores_path(folder: Path, predictor: str) -> Path:
    return Path(folder) / f"test-scores-{predictor}.npy"


def _scores(out: torch.Tensor, target: torch.Tensor, task: str) -> torch.Tensor:
    if predicts_vector(task):
        diff = out.double() - target.to(out.device).double()
        return torch.linalg.vector_norm(diff, dim=1)
    labels = target.reshape(-1).to(out.device).long()
    return (out.argmax(dim=1) == labels).double()


def per_example_scores(
    predictor: TrainedPredictor, test_x: torch.Tensor, test_y: torch.Tensor, task: str
) -> np.ndarray:
    """The metric of every test example, in test order (float64)."""
    parts = [
        _scores(predictor.predict(test_x[i : i + EVAL_CHUNK]), test_y[i : i + EVAL_CHUNK], task)
        for i in range(0, len(test_x), EVAL_CHUNK)
    ]
    return torch.cat(parts).cpu().numpy() if parts else np.zeros(0)


def save_test_scores(
    folder: Path, predictor: str, scores: np.ndarray, checkpoint_sha256: str
) -> float:
    """Store ``scores`` as the run's artefact; returns their mean (the test metric)."""
    write_artefact(
        scores_path(folder, predictor),
        lambda handle: np.save(handle, scores, allow_pickle=False),
        {"checkpoint_sha256": checkpoint_sha256, "predictor": predictor, "rows": len(scores)},
    )
    return float(scores.mean())


def load_test_scores(folder: Path, predictor: str) -> np.ndarray | None:
    """The stored scores when intact (their checksum matches), else None."""
    path = scores_path(folder, predictor)
    if artefact_problem(path) is not None:
        return None
    return np.load(path, allow_pickle=False)
