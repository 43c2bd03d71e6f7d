"""What the Live screen derives from a running item's `ProgressRecord`: the elapsed time now, the
current stage's own progress (of the study, of each running cell), and an ETA re-estimated from
what has been measured so far.

The worker writes its progress only when something happens, so a stage that sends no event
(embedding, diagnostics) would freeze a clock read from the row: the elapsed time is the row's
``elapsed_s`` plus the time since the row's ``updated_at``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from percae_core.runner.progress_record import CellProgress, ProgressRecord
from percae_core.stages import Stage

WORKER_STARTING = "starting the worker process (loading the training libraries)"
AE_SHARE = 1 / 1.6
"""Share of a cell's time spent fitting its autoencoder (the rest: embeddings, predictors, decoder
retraining, diagnostics); `percae_core.runner.eta.OVERHEAD` is its inverse."""
AFTER_FIT_SHARES = {
    Stage.EMBEDDINGS: 0.1,
    Stage.PREDICTOR_GRID: 0.4,
    Stage.DECODER: 0.4,
    Stage.DIAGNOSTICS: 0.1,
}
"""How a cell's post-fit time splits between its stages (in their order): a cell counts its
finished stages and its running one by that stage's own progress, so the share done grows in
every stage and the ETA computed from it keeps counting down."""
UNCOUNTED_SHARE = 0.5
"""How far through a stage that sends no counted progress (embeddings, diagnostics) it counts."""


def since_written(progress: ProgressRecord, now: datetime | None = None) -> float:
    """Seconds since the worker last wrote ``progress`` (0 when it cannot be told)."""
    if not progress.updated_at:
        return 0.0
    try:
        written = datetime.fromisoformat(progress.updated_at)
    except ValueError:
        return 0.0
    return max(0.0, ((now or datetime.now(timezone.utc)) - written).total_seconds())


def elapsed_now(progress: ProgressRecord, now: datetime | None = None) -> float | None:
    """Seconds since the item started, ticking between the worker's writes."""
    if progress.elapsed_s is None:
        return None
    return progress.elapsed_s + since_written(progress, now)


def counted_down(
    seconds: float | None, progress: ProgressRecord, now: datetime | None = None
) -> float | None:
    """An estimate the worker wrote, less the time since it wrote it (at least 1 s)."""
    if seconds is None:
        return None
    return max(seconds - since_written(progress, now), 1.0)


@dataclass(frozen=True)
class StageProgress:
    """A stage's own progress: ``done`` of ``total`` ``unit`` (total None: uncounted; no unit:
    a bar without a count in words)."""

    name: str
    done: float
    total: float | None
    unit: str

    @property
    def text(self) -> str:
        if self.total is None or not self.unit:
            return self.name
        return f"{self.name}: {int(self.done):,}/{self.total:,.0f} {self.unit}"


def cell_progress(cell: CellProgress) -> StageProgress:
    """A cell's counted step (predictor epochs) wins; then a fit's epochs (with the batches of
    the running epoch when it reports them); otherwise its stage is uncounted."""
    if cell.step is not None and cell.step.total:
        name = f"{cell.stage_text} - {cell.step.description}"
        return StageProgress(name, float(cell.step.done), float(cell.step.total), cell.step.unit)
    if cell.fitting and cell.epochs:
        done = float(cell.epoch)
        if cell.batch and cell.batches:
            done += cell.batch / cell.batches
        return StageProgress(cell.stage_text, done, float(cell.epochs), "epochs")
    return StageProgress(cell.stage_text, 0.0, None, "")


def stage_progress(progress: ProgressRecord | None) -> StageProgress:
    """The item's stage: a study-wide counted step (frames rendered), else the one running
    cell's progress, else several cells' mean progress, else the study-wide stage."""
    if progress is None or progress == ProgressRecord():  # the worker has written nothing yet
        return StageProgress(WORKER_STARTING, 0.0, None, "")
    step = progress.step
    if step is not None and step.total:
        name = f"{progress.stage_text} - {step.description}"
        return StageProgress(name, float(step.done), float(step.total), step.unit)
    if len(progress.running) == 1:
        return cell_progress(progress.running[0])
    if progress.running:
        count = len(progress.running)
        done = sum(within_cell(cell) for cell in progress.running)
        return StageProgress(f"{count} cells running at once (one row each below)", done, count, "")
    return StageProgress(progress.stage_text, 0.0, None, "")


def stage_fraction(cell: CellProgress) -> float:
    """How far through its running stage a cell is, 0 to 1, by the stage's own count."""
    stage = cell_progress(cell)
    if stage.total:
        return min(stage.done / float(stage.total), 1.0)
    return UNCOUNTED_SHARE


def within_cell(cell: CellProgress) -> float:
    """How far through its work a running cell is, 0 to 1: its fit by its epochs, then each
    post-fit stage by its share (`AFTER_FIT_SHARES`) and its own progress."""
    if cell.stage is Stage.FIT:
        return AE_SHARE * stage_fraction(cell) if cell_progress(cell).total else 0.0
    if cell.stage not in AFTER_FIT_SHARES:
        return 0.0
    stages = list(AFTER_FIT_SHARES)
    before = sum(AFTER_FIT_SHARES[s] for s in stages[: stages.index(cell.stage)])
    share = before + AFTER_FIT_SHARES[cell.stage] * stage_fraction(cell)
    return AE_SHARE + (1 - AE_SHARE) * share


def fraction_done(progress: ProgressRecord) -> float:
    """How much of the item's cells is done, counting each running cell by its stage."""
    if not progress.cells_total:
        return 0.0
    done = progress.cells_done + sum(within_cell(cell) for cell in progress.running)
    return min(max(done / progress.cells_total, 0.0), 0.999)


def remaining_seconds(progress: ProgressRecord, elapsed: float | None) -> float | None:
    """Seconds left for the whole item: the plan's estimate at first, then more and more the
    rate measured so far (elapsed / fraction done). None while nothing is known; never 0 while
    work remains (a plan that ran over is replaced by the measured rate)."""
    if elapsed is None:
        return None
    fraction = fraction_done(progress)
    planned = progress.plan_eta_s
    planned_left = None if planned is None else planned - elapsed
    measured_left = elapsed * (1 - fraction) / fraction if fraction > 0 else None
    if measured_left is None:
        return max(planned_left, 1.0) if planned_left is not None and planned_left > 0 else None
    if planned_left is None or planned_left <= 0:
        return max(measured_left, 1.0)
    return max((1 - fraction) * planned_left + fraction * measured_left, 1.0)


def remaining_now(progress: ProgressRecord, now: datetime | None = None) -> float | None:
    """`remaining_seconds` as of the worker's last write, counted down since: the ETA falls
    second by second between writes instead of rising while a stage sends nothing."""
    return counted_down(remaining_seconds(progress, progress.elapsed_s), progress, now)


def fit_remaining(
    cell: CellProgress, progress: ProgressRecord, now: datetime | None = None
) -> float | None:
    """Seconds left in a cell's running fit: the last epoch's time per epoch left (counting the
    batches of the running one), counted down since the worker wrote it; None until one epoch
    has been timed."""
    if not cell.fitting or cell.epoch_seconds is None or not cell.epochs:
        return None
    done = float(cell.epoch)
    if cell.batch and cell.batches:
        done += cell.batch / cell.batches
    return counted_down(cell.epoch_seconds * max(cell.epochs - done, 0.0), progress, now)
