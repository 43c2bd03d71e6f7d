"""Predictors on embeddings (the paper's grid, trained batched), test metrics, reference
baselines and embedding diagnostics.

The names below are imported on first use (PEP 562), so the torch-free modules of this package
(`metric_registry`) can be imported without importing torch.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "pixel_features": "baselines",
    "trivial_predictor_metric": "baselines",
    "trivial_predictor_scores": "baselines",
    "compare_with_trivial": "diagnostics",
    "embedding_diagnostics": "diagnostics",
    "accuracy": "metrics",
    "mean_distance_px": "metrics",
    "metric_for_task": "metrics",
    "run_predictor_grid": "predictor_grid",
    "time_predictor_grid": "predictor_grid",
    "GridResult": "predictor_result",
    "TrainedPredictor": "predictor_result",
    "evaluate": "predictor_result",
    "run_predictor_grid_sequential": "predictor_sequential",
    "PredictorSpec": "predictor_specs",
    "paper_grid": "predictor_specs",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
