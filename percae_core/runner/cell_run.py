"""One grid cell: fit the autoencoder -> embed -> predictor grid -> decoder retraining -> diagnostics.

Every stage writes its result to the database as soon as it exists, and every expensive artefact
(checkpoint, embeddings) lives in the cell's run folder, so an interrupted cell resumes where it
stopped and a finished one is never computed twice. Embeddings and the retrained decoder carry
a checksum and the checkpoint's SHA-256 (`storage/artefact.py`): a damaged or stale one is
computed again, never used.
stopped and a finished one is never computed twice. Every stage stops the same way on a stop
request (it raises `Interrupted` and returns nothing), and the tables read only cells marked
done, so a paused cell never shows a partial result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Generic, Protocol, TypeVar

import numpy as np
import torch

from percae_core import __version__
from percae_core.data.parts import DatasetParts
from percae_core.errors import CheckpointError
from percae_core.evaluation import (
    compare_with_trivial,
    embedding_diagnostics,
    run_predictor_grid,
    trivial_predictor_scores,
)
from percae_core.evaluation.embeddings import cached_embedding
from percae_core.evaluation.metric_registry import metric_for_task
from percae_core.evaluation.test_scores import per_example_scores, save_test_scores
from percae_core.events import EpochFinished, Event, EventSink, Notice, StageStarted, for_cell
from percae_core.models.loss_networks import LossNetwork
from percae_core.profiles import Profile
from percae_core.recompute_advice import recompute_hint
from percae_core.runner.plan import Cell
from percae_core.runner.train_one import fit_config
from percae_core.stages import Stage
from percae_core.storage.artefact import write_artefact
from percae_core.storage.checksum import file_sha256
from percae_core.storage.locks import work_lock
from percae_core.training.decoder_retrain import reconstruction_errors, retrain_decoder
from percae_core.training.fit import fit_autoencoder
from percae_core.training.speed import SpeedSettings


class CellRecorder(Protocol):
    """Where a cell writes its results: the database's cell store, or `CapturedWrites` in a Ray
    task (which the driver replays into the cell store)."""

    def record_epoch(
        self,
        cell_id: int,
        epoch: int,
        train_loss: float,
        val_loss: float,
        seconds: float,
        images_per_s: float,
        parts: dict,
        /,
    ) -> None: ...

    def record_fit(self, cell_id: int, fit: dict, /) -> None: ...

    def record_predictor(
        self,
        cell_id: int,
        predictor: str,
        architecture: str,
        val_loss: float,
        metric: str,
        value: float,
        /,
    ) -> None: ...

    def record_decoder(self, cell_id: int, value: float, epochs: int, /) -> None: ...

    def record_diagnostics(self, cell_id: int, diagnostics: dict, /) -> None: ...


RecorderT = TypeVar("RecorderT", bound=CellRecorder)


@dataclass
class CellContext(Generic[RecorderT]):
    """What every cell of one study shares; executors hold it with the database's cell store."""

    cells: RecorderT
    profile: Profile
    runs: Path
    device: torch.device
    loss_networks: dict[str, LossNetwork]
    trivial: dict[str, float]
    on_event: EventSink
    should_stop: Callable[[], bool] | None = None


def library_versions() -> dict[str, str]:
    import numpy
    import torchvision

    return {
        "percae": __version__,
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "numpy": numpy.__version__,
    }


def recording_sink(ctx: CellContext[RecorderT], cell_id: int) -> EventSink:
    def sink(event: Event) -> None:
        if isinstance(event, EpochFinished) and event.stage is Stage.FIT:
            ctx.cells.record_epoch(
                cell_id,
                event.epoch,
                event.train_loss,
                event.val_loss,
                event.seconds,
                event.images_per_s,
                dict(event.loss_parts),
            )
        ctx.on_event(event)

    return sink


def run_cell(
    cell: Cell, cell_id: int, parts: DatasetParts, ctx: CellContext[RecorderT]
) -> list[str]:
    """Run one cell to the end, recording as it goes; returns the diagnostic warnings.

    Holds the cell's lock in the home: a second identical study waits for the first to finish
    the cell and then reuses it instead of computing it again. Every event the cell sends names
    it (`Event.cell`), so a live view can follow several cells running at once.
    """
    ctx = replace(ctx, on_event=for_cell(ctx.on_event, cell.key))
    with work_lock(ctx.runs.parent, f"cell-{cell.config_hash}", cell.label, ctx.on_event) as lock:
        if lock is not None and lock.other_finished:
            ctx.on_event(Notice("info", f"{cell.label}: finished by the other process; reused."))
            return []
        warnings = _run_cell_locked(cell, cell_id, parts, ctx)
        if lock is not None:
            lock.mark_finished()
        return warnings


def _run_cell_locked(
    cell: Cell, cell_id: int, parts: DatasetParts, ctx: CellContext[RecorderT]
) -> list[str]:
    folder = ctx.runs / cell.config_hash
    folder.mkdir(parents=True, exist_ok=True)
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
    )
    try:
        fit = fit_autoencoder(
            parts.ae_train,
            parts.ae_val,
            config,
            loss_network=ctx.loss_networks[cell.loss_net] if cell.variant.perceptual else None,
            checkpoint=folder / "checkpoint.pt",
            run=cell.label,
            on_event=recording_sink(ctx, cell_id),
            should_stop=ctx.should_stop,
        )
    except CheckpointError as exc:  # its own hint names `percae train`'s --restart
        raise CheckpointError(exc.message, hint=recompute_hint(cell.config_hash)) from exc
    ctx.cells.record_fit(
        cell_id,
        {
            "epochs_run": fit.epochs_run,
            "best_epoch": fit.best_epoch,
            "best_val_loss": fit.best_val_loss,
            "seconds": fit.seconds,
            "seconds_per_epoch": sum(fit.seconds_per_epoch) / max(len(fit.seconds_per_epoch), 1),
            "images_per_s": fit.images_per_s,
            "device": str(ctx.device),
            "versions": {**library_versions(), "training_path": fit.speed_path},
            "seed": cell.run_seed,
            "precision": fit.precision,
            "checkpoint": str(folder / "checkpoint.pt"),
            "rec_loss": fit.final_rec,
            "kld_loss": fit.final_kld,
            "stopped_early": fit.stopped_early,
        },
    )
    model = fit.model.to(ctx.device)
    ctx.on_event(StageStarted(Stage.EMBEDDINGS, cell.label))
    checkpoint_sha256 = file_sha256(folder / "checkpoint.pt")
    embed = {
        name: cached_embedding(
            folder,
            name,
            model,
            split,
            tile=parts.tile,
            device=ctx.device,
            checkpoint_sha256=checkpoint_sha256,
            on_event=ctx.on_event,
        )
        for name, split in parts.splits().items()
    }
    ctx.on_event(StageStarted(Stage.PREDICTOR_GRID, cell.label))
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
        should_stop=ctx.should_stop,
        on_event=ctx.on_event,
    )
    metric = metric_for_task(parts.task).name
    test_y = torch.as_tensor(parts.test.labels)
    values: dict[str, float] = {}
    scores: dict[str, np.ndarray] = {}
    for kind in ("mlp", "linear"):
        best = grid.best(kind)
        scores[kind] = per_example_scores(best, embed["test"].mu, test_y, parts.task)
        values[kind] = save_test_scores(folder, kind, scores[kind], checkpoint_sha256)
        ctx.cells.record_predictor(
            cell_id, kind, best.spec.architecture, best.val_loss, metric, values[kind]
        )
    ctx.on_event(StageStarted(Stage.DECODER, cell.label))
    recon_l1, recon_mse = reconstruction_errors(
        model.decoder, embed["test"].mu, parts.test, tile=parts.tile, device=ctx.device
    )
    decoder = retrain_decoder(
        parts.image_size,
        {"train": embed["ae_train"].mu, "val": embed["ae_val"].mu, "test": embed["test"].mu},
        {"train": parts.ae_train, "val": parts.ae_val, "test": parts.test},
        tile=parts.tile,
        epochs=ctx.profile.decoder_epochs,
        batch_size=cell.batch_size,
        seed=cell.run_seed,
        device=ctx.device,
        speed=SpeedSettings(bf16=cell.precision == "bf16"),
        run=f"{cell.label} decoder",
        on_event=ctx.on_event,
        should_stop=ctx.should_stop,
    )
    state = decoder.decoder.state_dict()
    write_artefact(
        folder / "decoder.pt",
        lambda handle: torch.save(state, handle),
        {"checkpoint_sha256": checkpoint_sha256, "seed": cell.run_seed},
    )
    ctx.cells.record_decoder(cell_id, decoder.test_l1, decoder.epochs_run)
    ctx.on_event(StageStarted(Stage.DIAGNOSTICS, cell.label))
    diagnostics = embedding_diagnostics(
        embed["test"].mu,
        embed["test"].logvar if cell.variant.variational else None,
        variational=cell.variant.variational,
        rec_loss=fit.final_rec,
        kld_loss=fit.final_kld if cell.variant.variational else None,
        gamma=cell.gamma,
        best_epoch=fit.best_epoch,
        epochs_run=fit.epochs_run,
        recon_mse=recon_mse,
        recon_l1=recon_l1,
    )
    warnings = list(diagnostics.get("warnings", []))
    if cell.dataset in ctx.trivial:
        blind = trivial_predictor_scores(parts.pred_train.labels, test_y, parts.task)
        flagged = {
            kind: compare_with_trivial(scores[kind], blind, metric, cell.variant.perceptual)
            for kind in scores
        }
        shown = " and ".join(f"{kind} {values[kind]:.4g}" for kind, w in flagged.items() if w)
        warning = next((w for w in flagged.values() if w), None)
        if warning:
            warnings.append(f"{shown}: {warning}")
    diagnostics["warnings"] = warnings
    diagnostics["retrained_recon_mse"] = decoder.test_mse
    ctx.cells.record_diagnostics(cell_id, diagnostics)
    for warning in warnings:
        ctx.on_event(Notice("warning", f"{cell.label}: {warning}"))
    return warnings
