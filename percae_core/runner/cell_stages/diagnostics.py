"""`Stage.DIAGNOSTICS`: why the embedding may be useless (collapsed VAE, constant embedding,
predictors no better than the input-blind one), recorded and sent as warnings."""

from __future__ import annotations

from collections.abc import Mapping

from percae_core.data.parts import DatasetParts
from percae_core.evaluation import (
    compare_with_trivial,
    embedding_diagnostics,
    trivial_predictor_scores,
)
from percae_core.evaluation.metric_registry import get_metric
from percae_core.events import Notice, StageStarted
from percae_core.results.rows import DiagnosticsRow
from percae_core.runner.cell_context import CellContext, RecorderT
from percae_core.runner.cell_stages.decoder import DecoderScores
from percae_core.runner.cell_stages.embeddings import CellEmbeddings
from percae_core.runner.cell_stages.fit import FittedAutoencoder
from percae_core.runner.cell_stages.predictors import PredictorScores
from percae_core.runner.plan import Cell
from percae_core.stages import Stage


def diagnostics_stage(
    cell: Cell,
    cell_id: int,
    parts: DatasetParts,
    ctx: CellContext[RecorderT],
    fitted: FittedAutoencoder,
    embeddings: CellEmbeddings,
    scores: PredictorScores,
    decoder: DecoderScores,
) -> DiagnosticsRow:
    ctx.on_event(StageStarted(Stage.DIAGNOSTICS, cell.label))
    test = embeddings.splits["test"]
    fit, variational = fitted.fit, cell.variant.variational
    info = embedding_diagnostics(
        test.mu,
        test.logvar if variational else None,
        variational=variational,
        rec_loss=fit.final_rec,
        kld_loss=fit.final_kld if variational else None,
        gamma=cell.gamma,
        best_epoch=fit.best_epoch,
        epochs_run=fit.epochs_run,
        recon_mse=decoder.recon_mse,
        recon_l1=decoder.recon_l1,
    )
    warnings = [*info.get("warnings", []), *trivial_warnings(cell, parts, ctx, scores)]
    row = DiagnosticsRow.from_diagnostics(
        info, warnings=tuple(warnings), retrained_recon_mse=decoder.retrained_mse
    )
    ctx.cells.record_diagnostics(cell_id, row)
    for warning in warnings:
        ctx.on_event(Notice("warning", f"{cell.label}: {warning}"))
    return row


def trivial_warnings(
    cell: Cell, parts: DatasetParts, ctx: CellContext[RecorderT], scores: PredictorScores
) -> list[str]:
    """One warning naming every predictor kind not better than the input-blind predictor on the
    same test examples (the paired bootstrap rule of `compare_with_trivial`, no hidden margin)."""
    if cell.dataset not in ctx.trivial:
        return []
    blind = trivial_predictor_scores(parts.pred_train.labels, parts.test.labels, parts.task)
    verdicts = {
        kind: compare_with_trivial(per_example, blind, scores.metric, cell.variant.perceptual)
        for kind, per_example in scores.per_example.items()
    }
    flagged = [kind for kind, verdict in verdicts.items() if verdict]
    if not flagged:
        return []
    return [f"{scores_text(scores.metric, scores.values, flagged)}: {verdicts[flagged[0]]}"]


def scores_text(metric: str, values: Mapping[str, float], kinds: list[str]) -> str:
    """``mlp 8.80 px and linear 10.09 px``: each kind's value in its metric's unit and with
    the tables' decimals (the metric registry), so a warning matches the tables."""
    info = get_metric(metric)
    return " and ".join(
        f"{kind} {info.text(info.shown(values[kind]))}{info.suffix}" for kind in kinds
    )
