"""Predictors on embeddings (the paper's grid, trained batched), test metrics, reference
baselines and embedding diagnostics."""

from percae_core.evaluation.baselines import pixel_features, trivial_predictor_metric
from percae_core.evaluation.diagnostics import compare_with_trivial, embedding_diagnostics
from percae_core.evaluation.metrics import accuracy, mean_distance_px, metric_for_task
from percae_core.evaluation.predictor_grid import run_predictor_grid, time_predictor_grid
from percae_core.evaluation.predictor_result import GridResult, TrainedPredictor, evaluate
from percae_core.evaluation.predictor_sequential import run_predictor_grid_sequential
from percae_core.evaluation.predictor_specs import PredictorSpec, paper_grid

__all__ = [
    "GridResult",
    "PredictorSpec",
    "TrainedPredictor",
    "accuracy",
    "compare_with_trivial",
    "embedding_diagnostics",
    "evaluate",
    "mean_distance_px",
    "metric_for_task",
    "paper_grid",
    "pixel_features",
    "run_predictor_grid",
    "run_predictor_grid_sequential",
    "time_predictor_grid",
    "trivial_predictor_metric",
]
