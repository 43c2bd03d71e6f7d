"""The Live screen's clock, stage progress and ETA, from a running item's progress record."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from percae_core.runner.progress_record import CellProgress, ProgressRecord, StepProgress
from percae_core.stages import Stage
from percae_tui.live_progress import (
    elapsed_now,
    fit_remaining,
    remaining_now,
    remaining_seconds,
    stage_progress,
)

WRITTEN = datetime(2026, 1, 1, 12, 0, 0, tzinfo=timezone.utc)


def test_the_clock_ticks_between_the_workers_writes():
    progress = ProgressRecord(elapsed_s=30.0, updated_at=WRITTEN.isoformat(timespec="seconds"))
    assert elapsed_now(progress, WRITTEN) == 30.0
    assert elapsed_now(progress, WRITTEN + timedelta(seconds=12)) == 42.0


def test_a_counted_step_shows_its_own_progress_and_a_fit_its_epochs():
    step = stage_progress(
        ProgressRecord(
            stage=Stage.DATA,
            stage_text="LunarLander: data",
            step=StepProgress("rendering", 500, 2000, "frames"),
            elapsed_s=1.0,
        )
    )
    assert (step.done, step.total) == (500, 2000)
    assert step.text == "LunarLander: data - rendering: 500/2,000 frames"
    cell = CellProgress("x", None, Stage.FIT, fitting=True, epoch=1, epochs=4, batch=5, batches=10)
    fit = stage_progress(ProgressRecord(running=[cell], elapsed_s=1.0))
    assert (fit.done, fit.total) == (1.5, 4.0)
    assert fit.text == "x: autoencoder fit: 1/4 epochs"
    quiet = stage_progress(
        ProgressRecord(running=[CellProgress("x", None, Stage.EMBEDDINGS)], elapsed_s=1.0)
    )
    assert quiet.total is None and quiet.text == "x: embeddings"
    assert "worker process" in stage_progress(ProgressRecord()).text, "nothing written yet"


def test_several_cells_at_once_share_the_stage_bar():
    half = CellProgress("a", None, Stage.DECODER, fitting=True, epoch=1, epochs=2)
    fit = CellProgress("b", None, Stage.FIT, fitting=True, epoch=0, epochs=2)
    both = stage_progress(ProgressRecord(running=[half, fit], elapsed_s=1.0))
    assert both.total == 2 and both.text.startswith("2 cells running at once")


def test_the_eta_is_reestimated_and_never_zero_while_work_remains():
    overrun = ProgressRecord(plan_eta_s=30.0, cells_total=2, cells_done=1)
    left = remaining_seconds(overrun, elapsed=100.0)
    assert left is not None and left > 60, "half done in 100 s: about 100 s more, not 0"
    assert remaining_seconds(ProgressRecord(plan_eta_s=30.0), elapsed=100.0) is None
    early = remaining_seconds(ProgressRecord(plan_eta_s=300.0, cells_total=4), elapsed=10.0)
    assert early == 290.0, "nothing measured: the plan's estimate"
    almost = ProgressRecord(
        plan_eta_s=10.0, cells_total=1, running=[CellProgress("c", None, Stage.DIAGNOSTICS)]
    )
    left = remaining_seconds(almost, elapsed=1000.0)
    assert left is not None and left >= 1.0
    nearly_planned = remaining_seconds(
        ProgressRecord(plan_eta_s=100.0, cells_total=4), elapsed=99.8
    )
    assert nearly_planned is not None and nearly_planned >= 1.0, "never shows 0m00s"


def test_the_etas_count_down_between_writes_and_through_every_stage():
    written = WRITTEN.isoformat(timespec="seconds")
    fit = CellProgress(
        "x",
        None,
        Stage.FIT,
        fitting=True,
        epoch=1,
        epochs=3,
        batch=5,
        batches=10,
        epoch_seconds=20.0,
        fit_eta_s=40.0,
    )
    record = ProgressRecord(running=[fit], elapsed_s=60.0, updated_at=written, cells_total=4)
    assert fit_remaining(fit, record, WRITTEN) == 30.0, "1.5 epochs left at 20 s each"
    assert fit_remaining(fit, record, WRITTEN + timedelta(seconds=12)) == 18.0, "no freeze"
    first = remaining_now(record, WRITTEN)
    later = remaining_now(record, WRITTEN + timedelta(seconds=5))
    assert first is not None and later is not None and later == first - 5
    untimed = CellProgress("x", None, Stage.FIT, fitting=True, epoch=0, epochs=3)
    assert fit_remaining(untimed, record, WRITTEN) is None, "estimating until an epoch is timed"

    def left_in(stage: Stage, step: StepProgress | None = None, **fit: int) -> float:
        cell = CellProgress("x", None, stage, fitting=bool(fit), step=step, **fit)
        left = remaining_seconds(ProgressRecord(running=[cell], cells_total=1), 100.0)
        assert left is not None
        return left

    grid = [left_in(Stage.PREDICTOR_GRID, StepProgress("grid", d, 30, "epochs")) for d in (3, 27)]
    decoder = [left_in(Stage.DECODER, epoch=e, epochs=4) for e in (1, 3)]
    assert grid[0] > grid[1] > decoder[0] > decoder[1] > left_in(Stage.DIAGNOSTICS)
