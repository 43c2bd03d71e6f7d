"""The study's test metrics, computed exactly per sample.

Position tasks (LunarLander): mean Euclidean distance between predicted and true position, in
pixels. Classification tasks (STL-10, SVHN): accuracy. What each metric is (unit, direction,
display) is in `metric_registry`. The original code averaged per-batch means, which gives a small last
batch several times its weight; here a metric fed batch by batch (`RunningMetric`) keeps sums and
counts, so it equals the formula over the whole test part whatever the batch size.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from percae_core.evaluation.metric_registry import ACCURACY, DISTANCE, DISTANCE_PX, get_metric
from percae_core.evaluation.metric_registry import metric_for_task as _metric_info


def metric_for_task(task: str) -> str:
    """The name of the metric that scores predictors of ``task`` (`UsageError` if unknown)."""
    return _metric_info(task).name


def higher_is_better(metric: str) -> bool:
    return get_metric(metric).higher_is_better


def distance_sum(pred: torch.Tensor, target: torch.Tensor) -> float:
    """Sum over samples of the Euclidean distance between rows of ``pred`` and ``target``."""
    if pred.shape != target.shape or pred.dim() != 2:
        raise ValueError(
            f"targets must both be N x outputs; got {tuple(pred.shape)} and {tuple(target.shape)}"
        )
    diff = pred.detach().double() - target.detach().to(pred.device).double()
    return float(torch.linalg.vector_norm(diff, dim=1).sum())


def correct_count(pred_scores: torch.Tensor, labels: torch.Tensor) -> int:
    """How many rows of scores (N x classes) have their largest score at the true label."""
    labels = labels.detach().reshape(-1).to(pred_scores.device).long()
    if pred_scores.dim() != 2 or pred_scores.shape[0] != labels.shape[0]:
        raise ValueError(f"scores must be N x classes for N labels; got {tuple(pred_scores.shape)}")
    return int((pred_scores.detach().argmax(dim=1) == labels).sum())


def mean_distance_px(pred: torch.Tensor, target: torch.Tensor) -> float:
    """Mean over samples of the Euclidean distance (both N x 2, in pixels)."""
    if len(pred) == 0:
        raise ValueError("no samples to measure")
    return distance_sum(pred, target) / len(pred)


def accuracy(pred_scores: torch.Tensor, labels: torch.Tensor) -> float:
    """Fraction in [0, 1] of samples whose highest score is the true label."""
    if len(pred_scores) == 0:
        raise ValueError("no samples to measure")
    return correct_count(pred_scores, labels) / len(pred_scores)


def _sample_sums() -> dict[str, Callable[[torch.Tensor, torch.Tensor], float]]:
    """Per registered metric, the sum over samples whose mean is the metric."""
    return {
        DISTANCE_PX.name: distance_sum,
        DISTANCE.name: distance_sum,
        ACCURACY.name: correct_count,
    }


class RunningMetric:
    """A task's metric accumulated batch by batch: exact sums and counts, never a mean of means."""

    def __init__(self, task: str) -> None:
        self.task = task
        self.name = metric_for_task(task)
        self.total = 0.0
        self.count = 0

    def update(self, pred: torch.Tensor, target: torch.Tensor) -> None:
        self.total += _sample_sums()[self.name](pred, target)
        self.count += len(pred)

    @property
    def value(self) -> float:
        if self.count == 0:
            raise ValueError("no samples to measure")
        return self.total / self.count
