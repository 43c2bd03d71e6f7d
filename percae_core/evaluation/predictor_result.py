"""Trained predictors and a grid's outcome: pick the best MLP / linear predictor, test it."""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import nn

from percae_core.data.description import predicts_vector
from percae_core.errors import UsageError
from percae_core.evaluation.metrics import RunningMetric
from percae_core.evaluation.predictor_problem import EVAL_CHUNK, Scaling
from percae_core.evaluation.predictor_specs import PredictorSpec


@dataclass
class TrainedPredictor:
    """One grid member with its best-validation weights.

    ``val_loss`` is the training loss on the validation split (MSE on scaled positions or
    one-hot targets, or cross-entropy), the number the grid selects by.
    """

    spec: PredictorSpec
    val_loss: float
    best_epoch: int
    epochs_run: int
    task: str
    model: nn.Sequential
    scaling: Scaling

    @torch.no_grad()
    def predict(self, x: torch.Tensor) -> torch.Tensor:
        """Positions in pixels (N x 2) or class scores (N x classes), on ``x``'s device."""
        self.model.eval()
        outputs = []
        for start in range(0, len(x), EVAL_CHUNK):
            out = self.model(self.scaling.inputs(x[start : start + EVAL_CHUNK]))
            outputs.append(self.scaling.to_pixels(out) if predicts_vector(self.task) else out)
        return torch.cat(outputs).to(x.device)


@dataclass
class GridResult:
    predictors: list[TrainedPredictor]
    seconds: float
    epochs_run: int
    val_losses: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.val_losses = {p.spec.architecture: p.val_loss for p in self.predictors}

    def best(self, kind: str) -> TrainedPredictor:
        """The member of that kind ('mlp' or 'linear') with the lowest validation loss."""
        members = [p for p in self.predictors if p.spec.kind == kind]
        if not members:
            raise UsageError(f"The grid has no {kind!r} predictor.", hint="Use 'mlp' or 'linear'.")
        return min(members, key=lambda p: p.val_loss)

    def get(self, architecture: str) -> TrainedPredictor:
        for predictor in self.predictors:
            if predictor.spec.architecture == architecture:
                return predictor
        raise KeyError(architecture)


def evaluate(
    predictor: TrainedPredictor, test_x: torch.Tensor, test_y: torch.Tensor, task: str
) -> float:
    """The test metric: mean distance in pixels (position) or accuracy in [0, 1] (classification)."""
    metric = RunningMetric(task)
    for start in range(0, len(test_x), EVAL_CHUNK):
        stop = start + EVAL_CHUNK
        metric.update(predictor.predict(test_x[start:stop]), test_y[start:stop])
    return metric.value
