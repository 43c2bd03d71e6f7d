"""The Live screen's clock, stage progress and ETA, from a running item's progress."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from percae_tui.live_progress import elapsed_now, remaining_seconds, stage_progress

WRITTEN = datetime(2026, 1, 1, 12, 0, 0, tzinfo=timezone.utc)


def test_the_clock_ticks_between_the_workers_writes():
    progress = {"elapsed_s": 30.0, "updated_at": WRITTEN.isoformat(timespec="seconds")}
    assert elapsed_now(progress, WRITTEN) == 30.0
    assert elapsed_now(progress, WRITTEN + timedelta(seconds=12)) == 42.0


def test_a_counted_step_shows_its_own_progress_and_a_fit_its_epochs():
    step = stage_progress(
        {
            "stage": "LunarLander: data",
            "step": "rendering",
            "step_done": 500,
            "step_total": 2000,
            "step_unit": "frames",
        }
    )
    assert (step.done, step.total) == (500, 2000)
    assert step.text == "LunarLander: data - rendering: 500/2,000 frames"
    fit = stage_progress(
        {
            "stage": "x: autoencoder fit",
            "fitting": True,
            "epoch": 1,
            "epochs": 4,
            "batch": 5,
            "batches": 10,
        }
    )
    assert (fit.done, fit.total) == (1.5, 4.0)
    quiet = stage_progress({"stage": "x: embeddings"})
    assert quiet.total is None and quiet.text == "x: embeddings"


def test_the_eta_is_reestimated_and_never_zero_while_work_remains():
    overrun = {"plan_eta_s": 30.0, "cells_total": 2, "cells_done": 1}
    left = remaining_seconds(overrun, elapsed=100.0)
    assert left is not None and left > 60, "half done in 100 s: about 100 s more, not 0"
    assert remaining_seconds({"plan_eta_s": 30.0}, elapsed=100.0) is None, "no measure yet"
    early = remaining_seconds({"plan_eta_s": 300.0, "cells_total": 4}, elapsed=10.0)
    assert early == 290.0, "nothing measured: the plan's estimate"
    almost = {
        "plan_eta_s": 10.0,
        "cells_total": 1,
        "cells_done": 0,
        "cell": "c",
        "stage": "c: diagnostics",
    }
    assert remaining_seconds(almost, elapsed=1000.0) >= 1.0
    nearly_planned = remaining_seconds({"plan_eta_s": 100.0, "cells_total": 4}, elapsed=99.8)
    assert nearly_planned >= 1.0, "a plan about to run out never shows 0m00s"
