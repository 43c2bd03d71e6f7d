"""One grid cell: fit the autoencoder -> embed -> predictor grid -> decoder retraining -> diagnostics.

Each stage is one function in `runner/cell_stages/` returning a frozen dataclass. Every stage
writes its result to the database as soon as it exists, and every expensive artefact
(checkpoint, embeddings) lives in the cell's run folder, so an interrupted cell resumes where it
stopped and a finished one is never computed twice. Embeddings and the retrained decoder carry
a checksum and the checkpoint's SHA-256 (`storage/artefact.py`): a damaged or stale one is
computed again, never used. Every stage stops the same way on a stop request (it raises
`Interrupted` and returns nothing), and the tables read only cells marked done, so a paused
cell never shows a partial result.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from percae_core.data.parts import DatasetParts
from percae_core.events import Notice, for_cell
from percae_core.runner.cell_context import CellContext, RecorderT
from percae_core.runner.cell_stages.decoder import decoder_stage
from percae_core.runner.cell_stages.diagnostics import diagnostics_stage
from percae_core.runner.cell_stages.embeddings import embeddings_stage
from percae_core.runner.cell_stages.fit import fit_stage
from percae_core.runner.cell_stages.predictors import predictor_stage
from percae_core.runner.plan import Cell
from percae_core.storage.locks import work_lock


@dataclass(frozen=True)
class CellRun:
    """How a cell ended: its diagnostic warnings, and whether another process finished it
    while this one waited for its lock (then it is counted as reused, not as run here)."""

    warnings: tuple[str, ...] = ()
    reused: bool = False


def run_cell(cell: Cell, cell_id: int, parts: DatasetParts, ctx: CellContext[RecorderT]) -> CellRun:
    """Run one cell to the end, recording as it goes.

    Holds the cell's lock in the home: a second identical study waits for the first to finish
    the cell and then reuses it instead of computing it again. Every event the cell sends names
    it (`Event.cell`), so a live view can follow several cells running at once.
    """
    ctx = replace(ctx, on_event=for_cell(ctx.on_event, cell.key))
    with work_lock(ctx.runs.parent, f"cell-{cell.config_hash}", cell.label, ctx.on_event) as lock:
        if lock is not None and lock.other_finished:
            ctx.on_event(Notice("info", f"{cell.label}: finished by the other process; reused."))
            return CellRun(reused=True)
        warnings = _run_cell_locked(cell, cell_id, parts, ctx)
        if lock is not None:
            lock.mark_finished()
        return CellRun(warnings=tuple(warnings))


def _run_cell_locked(
    cell: Cell, cell_id: int, parts: DatasetParts, ctx: CellContext[RecorderT]
) -> list[str]:
    folder = ctx.runs / cell.config_hash
    folder.mkdir(parents=True, exist_ok=True)
    fitted = fit_stage(cell, cell_id, parts, ctx, folder)
    embeddings = embeddings_stage(cell, parts, ctx, fitted.model, fitted.checkpoint)
    scores = predictor_stage(cell, cell_id, parts, ctx, embeddings, folder)
    decoder = decoder_stage(cell, cell_id, parts, ctx, fitted, embeddings)
    diagnostics = diagnostics_stage(cell, cell_id, parts, ctx, fitted, embeddings, scores, decoder)
    return list(diagnostics.warnings)
