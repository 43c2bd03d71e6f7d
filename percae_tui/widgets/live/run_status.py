"""The item on the Live screen in words: stage and its progress, cell, epoch, images/s, ETA,
latest losses (with several cells at once, their total speed; each cell has its row in
`RunningCells`). A running item's clock and ETA are recomputed at every redraw."""

from __future__ import annotations

from textual.widgets import Static

from percae_core.quantities import duration
from percae_core.runner.progress_record import CellProgress, ProgressRecord
from percae_core.statuses import QueueStatus
from percae_tui.live_progress import (
    elapsed_now,
    fit_remaining,
    remaining_now,
    stage_progress,
)
from percae_tui.queue_state import QueueItem

LATEST_CHARS = 30


def loss(value: float | None) -> str:
    return "-" if value is None else f"{value:.5g}"


def speed(value: float | None) -> str:
    return "-" if not value else f"{value:.0f}"


def status_lines(item: QueueItem | None) -> str:
    if item is None:
        return "Nothing has run yet. Add an experiment on the Queue screen (F2) and start it."
    p = item.progress
    head = f"Item {item.id} ({item.status}): {item.summary}"
    if item.status != QueueStatus.RUNNING:
        return f"{head}\n{item.message or ''}"
    elapsed = elapsed_now(p)
    remaining = remaining_now(p)
    where = f"Device: {p.device or '-'}   Loss network: {p.loss_net or '-'}"
    whole = f"ETA: whole item {duration(remaining) if remaining is not None else 'estimating...'}"
    if len(p.running) > 1:
        total_speed = sum(cell.images_per_s or 0.0 for cell in p.running)
        lines = [
            f"{len(p.running)} cells at once   Images/s: {speed(total_speed)} (all cells)",
            "Latest losses: on each cell's row below",
            f"{whole}   (elapsed {duration(elapsed)})",
        ]
    else:
        cell = p.running[0] if p.running else None
        fit_left = fit_remaining(cell, p) if cell is not None else None
        lines = cell_lines(cell, whole, elapsed, fit_left)
    return "\n".join([head, f"Stage: {stage_progress(p).text}", *lines, where, notices_line(p)])


def cell_lines(
    cell: CellProgress | None,
    whole: str,
    elapsed: float | None,
    fit_left: float | None,
) -> list[str]:
    """The one running cell's epoch, batch, speed, losses and fit ETA (``fit_left``: counted
    down since the worker wrote it, so it never freezes between epochs)."""
    fitting = cell is not None and cell.fitting
    epoch = f"Epochs done {cell.epoch}/{cell.epochs or '-'}   " if cell and fitting else ""
    batch = (
        f"Batch {cell.batch}/{cell.batches or '-'}   " if cell and fitting and cell.batch else ""
    )
    return [
        f"{epoch}{batch}Images/s: {speed(cell.images_per_s if cell else None)}",
        f"Latest losses: batch {loss(cell.batch_loss if cell else None)}   "
        f"train {loss(cell.train_loss if cell else None)}   "
        f"val {loss(cell.val_loss if cell else None)}",
        f"{whole}   this fit {fit_text(cell, fit_left)}   (elapsed {duration(elapsed)})",
    ]


def fit_text(cell: CellProgress | None, left: float | None) -> str:
    if cell is None or not cell.fitting:
        return "-"
    return "estimating..." if left is None else duration(left)


def notices_line(progress: ProgressRecord) -> str:
    """How many warnings the item has and the latest, cut to a line; the full text is on the
    Results screen (diagnostics) and in the worker's notices."""
    warnings = [n for n in progress.notices if n.level == "warning"]
    if not warnings:
        return "Warnings: none"
    latest = warnings[-1].message
    if len(latest) > LATEST_CHARS:
        latest = latest[: LATEST_CHARS - 3] + "..."
    count = len(warnings)
    return f"Warnings: {count} warning{'s' if count != 1 else ''} (details: F4)  latest: {latest}"


class RunStatus(Static):
    def show_item(self, item: QueueItem | None) -> None:
        self.update(status_lines(item))
