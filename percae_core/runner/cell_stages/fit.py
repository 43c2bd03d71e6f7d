"""`Stage.FIT`: the cell's autoencoder, trained (or resumed, or reused) in its run folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from percae_core.data.parts import DatasetParts
from percae_core.errors import CheckpointError
from percae_core.models.autoencoder import ConvAutoencoder
from percae_core.recompute_advice import recompute_hint
from percae_core.results.rows import FitRow
from percae_core.runner.cell_context import CellContext, RecorderT, library_versions
from percae_core.runner.plan import Cell
from percae_core.runner.recording import recording_sink
from percae_core.runner.train_one import fit_config
from percae_core.training.fit import fit_autoencoder
from percae_core.training.fit_record import FitResult


@dataclass(frozen=True)
class FittedAutoencoder:
    """The best-validation autoencoder on the cell's device, its fit and its checkpoint (in the
    cell's run folder, where the later stages keep their artefacts)."""

    model: ConvAutoencoder
    fit: FitResult
    checkpoint: Path


def fit_stage(
    cell: Cell, cell_id: int, parts: DatasetParts, ctx: CellContext[RecorderT], folder: Path
) -> FittedAutoencoder:
    """Fit the cell's autoencoder (its epochs recorded as they finish), then record the fit."""
    checkpoint = folder / "checkpoint.pt"
    config = fit_config(
        parts,
        variant=cell.variant,
        z=cell.z,
        epochs=cell.epochs,
        batch_size=cell.batch_size,
        gamma=cell.gamma,
        seed=cell.run_seed,
        device=str(ctx.device),
        loss_net=cell.loss_net,
        precision=cell.precision,
        distance=cell.distance,
        input_norm=cell.input_norm,
    )
    try:
        fit = fit_autoencoder(
            parts.ae_train,
            parts.ae_val,
            config,
            loss_network=ctx.loss_networks[cell.loss_key] if cell.variant.perceptual else None,
            checkpoint=checkpoint,
            run=cell.label,
            on_event=recording_sink(ctx, cell_id),
            should_stop=ctx.should_stop,
        )
    except CheckpointError as exc:  # its own hint names `percae train`'s --restart
        raise CheckpointError(exc.message, hint=recompute_hint(cell.config_hash)) from exc
    ctx.cells.record_fit(cell_id, fit_row(fit, cell, ctx, checkpoint))
    return FittedAutoencoder(model=fit.model.to(ctx.device), fit=fit, checkpoint=checkpoint)


def fit_row(fit: FitResult, cell: Cell, ctx: CellContext[RecorderT], checkpoint: Path) -> FitRow:
    """What the database keeps of a fit."""
    return FitRow(
        epochs_run=fit.epochs_run,
        best_epoch=fit.best_epoch,
        best_val_loss=fit.best_val_loss,
        seconds=fit.seconds,
        seconds_per_epoch=sum(fit.seconds_per_epoch) / max(len(fit.seconds_per_epoch), 1),
        images_per_s=fit.images_per_s,
        device=str(ctx.device),
        versions={**library_versions(), "training_path": fit.speed_path},
        seed=cell.run_seed,
        checkpoint=str(checkpoint),
        rec_loss=fit.final_rec,
        kld_loss=fit.final_kld,
        stopped_early=fit.stopped_early,
        precision=fit.precision,
        torch_threads=fit.torch_threads,
        cpu_seconds=fit.cpu_seconds,
    )
