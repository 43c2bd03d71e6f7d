"""What the Live screen derives from a running item's progress: the elapsed time now, the
current stage's own progress, and an ETA re-estimated from what has been measured so far.

The worker writes its progress only when something happens, so a stage that sends no event
(embedding, diagnostics) would freeze a clock read from the row: the elapsed time is the row's
``elapsed_s`` plus the time since the row's ``updated_at``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

WORKER_STARTING = "starting the worker process (loading the training libraries)"
AE_SHARE = 1 / 1.6
"""Share of a cell's time spent fitting its autoencoder (the rest: embeddings, predictors, decoder
retraining, diagnostics); `percae_core.runner.eta.OVERHEAD` is its inverse."""
AFTER_FIT_SHARE = 0.5
"""How far through a cell's post-fit stages a running one counts (they send few events)."""


def elapsed_now(progress: dict, now: datetime | None = None) -> float | None:
    """Seconds since the item started, ticking between the worker's writes."""
    if progress.get("elapsed_s") is None:
        return None
    elapsed = float(progress["elapsed_s"])
    stamp = progress.get("updated_at")
    if stamp:
        try:
            written = datetime.fromisoformat(str(stamp))
        except ValueError:
            return elapsed
        now = now or datetime.now(timezone.utc)
        elapsed += max(0.0, (now - written).total_seconds())
    return elapsed


@dataclass(frozen=True)
class StageProgress:
    """The current stage's own progress: ``done`` of ``total`` ``unit`` (total None: uncounted)."""

    name: str
    done: float
    total: float | None
    unit: str

    @property
    def text(self) -> str:
        if self.total is None:
            return self.name
        return f"{self.name}: {int(self.done):,}/{self.total:,.0f} {self.unit}"


def stage_progress(progress: dict) -> StageProgress:
    """A counted step (frames rendered, predictor epochs) wins; then a fit's epochs (with the
    batches of the running epoch when it reports them); otherwise the stage is uncounted."""
    if not progress:
        return StageProgress(WORKER_STARTING, 0.0, None, "")
    stage = str(progress.get("stage") or "starting")
    if progress.get("step") and progress.get("step_total"):
        name = f"{stage} - {progress['step']}"
        unit = str(progress.get("step_unit") or "items")
        return StageProgress(
            name, float(progress.get("step_done") or 0), progress["step_total"], unit
        )
    if progress.get("fitting") and progress.get("epochs"):
        done = float(progress.get("epoch") or 0)
        if progress.get("batch") and progress.get("batches"):
            done += float(progress["batch"]) / float(progress["batches"])
        return StageProgress(stage, done, float(progress["epochs"]), "epochs")
    return StageProgress(stage, 0.0, None, "")


def fraction_done(progress: dict) -> float:
    """How much of the item's cells is done, counting the running cell by its stage."""
    total = progress.get("cells_total")
    if not total:
        return 0.0
    within = 0.0
    if progress.get("fitting") and progress.get("epochs"):
        stage = stage_progress(progress)
        within = AE_SHARE * stage.done / float(stage.total or 1)
    elif progress.get("cell") and str(progress.get("stage", "")).startswith(progress["cell"]):
        within = AE_SHARE + (1 - AE_SHARE) * AFTER_FIT_SHARE
    done = float(progress.get("cells_done") or 0) + within
    return min(max(done / float(total), 0.0), 0.999)


def remaining_seconds(progress: dict, elapsed: float | None) -> float | None:
    """Seconds left for the whole item: the plan's estimate at first, then more and more the
    rate measured so far (elapsed / fraction done). None while nothing is known; never 0 while
    work remains (a plan that ran over is replaced by the measured rate)."""
    if elapsed is None:
        return None
    fraction = fraction_done(progress)
    planned = progress.get("plan_eta_s")
    planned_left = None if planned is None else float(planned) - elapsed
    measured_left = elapsed * (1 - fraction) / fraction if fraction > 0 else None
    if measured_left is None:
        return max(planned_left, 1.0) if planned_left is not None and planned_left > 0 else None
    if planned_left is None or planned_left <= 0:
        return max(measured_left, 1.0)
    return max((1 - fraction) * planned_left + fraction * measured_left, 1.0)
