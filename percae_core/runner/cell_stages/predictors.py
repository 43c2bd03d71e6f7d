"""`Stage.PREDICTOR_GRID`: the batched grid of MLP and linear predictors on the embeddings, as
the cell's predictor protocol lists them; the member the protocol tests for each kind (the best
by validation loss) is tested and recorded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from percae_core.data.parts import DatasetParts
from percae_core.evaluation import run_predictor_grid
from percae_core.evaluation.metric_registry import metric_for_task
from percae_core.evaluation.predictor_protocols import get_protocol
from percae_core.evaluation.test_scores import per_example_scores, save_test_scores
from percae_core.events import StageStarted
from percae_core.results.cell_store import PREDICTORS
from percae_core.runner.cell_context import CellContext, RecorderT
from percae_core.runner.cell_stages.embeddings import CellEmbeddings
from percae_core.runner.plan import Cell
from percae_core.stages import Stage


@dataclass(frozen=True)
class PredictorScores:
    """The tested value of each predictor kind (`PREDICTORS`), in the dataset's metric, and the
    per-example test scores it is the mean of (stored in the run folder for single-run
    comparisons, `evaluation/test_scores.py`)."""

    metric: str
    values: Mapping[str, float]
    per_example: Mapping[str, np.ndarray]


def predictor_stage(
    cell: Cell,
    cell_id: int,
    parts: DatasetParts,
    ctx: CellContext[RecorderT],
    embeddings: CellEmbeddings,
    folder: Path,
) -> PredictorScores:
    ctx.on_event(StageStarted(Stage.PREDICTOR_GRID, cell.label))
    embed = embeddings.splits
    protocol = get_protocol(cell.predictor_protocol)
    grid = run_predictor_grid(
        embed["pred_train"].mu,
        torch.as_tensor(parts.pred_train.labels),
        embed["pred_val"].mu,
        torch.as_tensor(parts.pred_val.labels),
        task=parts.task,
        num_outputs=parts.num_outputs,
        epochs=ctx.profile.predictor_epochs,
        patience=ctx.profile.predictor_patience,
        seed=cell.run_seed,
        device=ctx.device,
        batch_size=protocol.batch_size,
        specs=protocol.specs(),
        should_stop=ctx.should_stop,
        on_event=ctx.on_event,
    )
    metric = metric_for_task(parts.task).name
    test_y = torch.as_tensor(parts.test.labels)
    values: dict[str, float] = {}
    per_example: dict[str, np.ndarray] = {}
    for kind in PREDICTORS:
        best = protocol.tested(grid, kind)
        per_example[kind] = per_example_scores(best, embed["test"].mu, test_y, parts.task)
        values[kind] = save_test_scores(
            folder, kind, per_example[kind], embeddings.checkpoint_sha256
        )
        ctx.cells.record_predictor(
            cell_id, kind, best.spec.architecture, best.val_loss, metric, values[kind]
        )
    return PredictorScores(metric=metric, values=values, per_example=per_example)
