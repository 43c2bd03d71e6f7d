"""The queue worker: live status in the queue row, stop requests, final status and reason."""

from __future__ import annotations

import subprocess
import sys

import pytest

from percae_core.errors import Interrupted
from percae_core.events import (
    BatchFinished,
    CellEnded,
    CellKey,
    EpochFinished,
    FitFinished,
    FitStarted,
    Notice,
    StageStarted,
    TaskAdvanced,
    TaskFinished,
    TaskStarted,
)
from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_core.runner import queue_worker
from percae_core.runner.progress_record import NoticeRecord, ProgressRecord, StepProgress
from percae_core.runner.queue_worker import LiveStatus, StopRequests, run_item
from percae_core.stages import Stage

SPEC = {"datasets": ["lunarlander"], "profile": "smoke", "z": [32], "variants": ["ae", "pae"]}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def home(tmp_path, monkeypatch) -> Home:
    monkeypatch.setenv("PERCAE_HOME", str(tmp_path / "home"))
    return Home(tmp_path / "home").ensure()


def progress(db: ResultsDB, item: int) -> ProgressRecord:
    return ProgressRecord.from_json(db.queue.get_item(item)["progress"])


AE = CellKey("lunarlander", "ae", 32, None, 0, "lunarlander z=32 AE")
PAE = CellKey("lunarlander", "pae", 32, "alexnet", 0, "lunarlander z=32 P. AE")


def test_live_status_coalesces_batches_to_two_writes_a_second(home):
    clock = Clock()
    with ResultsDB.open(home.database) as db:
        item = db.queue.add_item(SPEC)
        live = LiveStatus(db, item, clock=clock)
        live(FitStarted(AE.label, epochs=2, batches_per_epoch=100, cell=AE))
        for batch in range(1, 51):
            clock.now += 0.005
            live(BatchFinished(AE.label, 1, batch, 100, loss=1.0 / batch, cell=AE))
        assert progress(db, item).running[0].batch == 0, "batches within 0.5 s are not written"
        clock.now += 0.5
        live(BatchFinished(AE.label, 1, 51, 100, loss=0.01, cell=AE))
        [shown] = progress(db, item).running
        assert shown.batch == 51 and shown.batch_loss == 0.01
        assert shown.key == AE and shown.epochs == 2 and shown.stage is Stage.FIT


def test_live_status_names_every_stage_and_its_own_progress(home):
    with ResultsDB.open(home.database) as db:
        item = db.queue.add_item(SPEC)
        live = LiveStatus(db, item, clock=Clock())
        live(TaskStarted("render", "LunarLander: 40 rollouts x 50 steps", 2000, "frames"))
        live(TaskAdvanced("render", 500))
        live.flush()
        shown = progress(db, item)
        assert shown.step == StepProgress(
            "LunarLander: 40 rollouts x 50 steps", 500, 2000, "frames"
        )
        live(TaskFinished("render"))
        live(StageStarted(Stage.REFERENCES, "lunarlander", "32 values"))
        shown = progress(db, item)
        assert shown.stage is Stage.REFERENCES
        assert shown.stage_text == "lunarlander: reference predictors on raw pixels (32 values)"
        assert shown.step is None, "the finished render no longer shows"
        live(FitStarted(AE.label, epochs=2, batches_per_epoch=7, cell=AE))
        assert progress(db, item).running[0].stage_text == "lunarlander z=32 AE: autoencoder fit"
        live(FitFinished(AE.label, 2, 2, 0.1, 1.0, False, cell=AE))
        live(StageStarted(Stage.EMBEDDINGS, AE.label, cell=AE))
        [cell] = progress(db, item).running
        assert cell.stage is Stage.EMBEDDINGS and not cell.fitting
        live(TaskStarted("grid", "predictor grid", 38, "epochs", cell=AE))
        live(TaskAdvanced("grid", 5, cell=AE))
        live.flush()
        [cell] = progress(db, item).running
        assert cell.step == StepProgress("predictor grid", 5, 38, "epochs")
        assert progress(db, item).step is None, "a cell's step is the cell's, not the study's"
        live(FitStarted(f"{AE.label} decoder", 3, 7, stage=Stage.DECODER, cell=AE))
        [cell] = progress(db, item).running
        assert cell.stage is Stage.DECODER and cell.fitting and cell.epochs == 3
        live(CellEnded("done", cell=AE))
        assert progress(db, item).running == [], "a finished cell leaves the running list"


def test_live_status_keeps_one_entry_per_cell_running_at_once(home):
    with ResultsDB.open(home.database) as db:
        item = db.queue.add_item(SPEC)
        live = LiveStatus(db, item, clock=Clock())
        live(FitStarted(AE.label, epochs=2, batches_per_epoch=10, cell=AE))
        live(FitStarted(PAE.label, epochs=2, batches_per_epoch=10, cell=PAE))
        live(EpochFinished(PAE.label, 1, 2, 0.5, 0.6, 1.0, 10.0, 1.0, True, cell=PAE))
        live(StageStarted(Stage.EMBEDDINGS, AE.label, cell=AE))
        live.flush()
        ae, pae = progress(db, item).running
        assert (ae.key, ae.stage, pae.key, pae.stage) == (AE, Stage.EMBEDDINGS, PAE, Stage.FIT)
        assert pae.epoch == 1 and pae.val_loss == 0.6 and ae.val_loss is None
        live(CellEnded("failed", cell=AE))
        assert [c.key for c in progress(db, item).running] == [PAE]


def test_live_status_writes_notices_at_once(home):
    with ResultsDB.open(home.database) as db:
        item = db.queue.add_item(SPEC)
        live = LiveStatus(db, item, clock=Clock())
        live(Notice("warning", "P. VAE: latent collapsed"))
        shown = progress(db, item)
    assert shown.notice_count == 1
    assert shown.notices == [NoticeRecord("warning", "P. VAE: latent collapsed")]


def test_pause_waits_for_the_epoch_boundary_but_cancel_does_not(home):
    with ResultsDB.open(home.database) as db:
        item = db.queue.add_item(SPEC)
        live = LiveStatus(db, item, clock=Clock())
        stops = StopRequests(db, item, live, clock=Clock())
        live(BatchFinished("r", 1, 1, 10, 0.5))
        db.queue.update_item(item, request="pause")
        assert not stops(), "mid-epoch: keep going"
        live(EpochFinished("r", 1, 2, 0.5, 0.6, 1.0, 10.0, 1.0, True))
        assert stops(), "at the end of the epoch: pause"
        other = db.queue.add_item(SPEC)
        cancel = StopRequests(db, other, live, clock=Clock())
        live(BatchFinished("r", 2, 1, 10, 0.5))
        db.queue.update_item(other, request="cancel")
        assert cancel()


def test_an_engine_error_marks_the_item_failed_with_its_reason(home):
    with ResultsDB.open(home.database) as db:
        item = db.queue.add_item({**SPEC, "datasets": ["mnist"]})
    assert run_item(home, item) == "failed"
    with ResultsDB.open(home.database) as db:
        row = db.queue.get_item(item)
    assert row["status"] == "failed" and "mnist" in row["message"]
    assert row["pid"] is None and row["finished_at"]


@pytest.mark.parametrize(
    "request_, stop, status",
    [
        ("pause", Interrupted("Training stopped on request."), "paused"),
        ("cancel", KeyboardInterrupt(), "cancelled"),
    ],
)
def test_stopping_marks_the_item_paused_or_cancelled(home, monkeypatch, request_, stop, status):
    with ResultsDB.open(home.database) as db:
        item = db.queue.add_item(SPEC)

    def interrupted_run(plan, home_, on_event, should_stop, experiment_id):
        with ResultsDB.open(home.database) as db:
            db.queue.update_item(item, request=request_)
        should_stop()
        raise stop

    monkeypatch.setattr(queue_worker, "run_plan", interrupted_run)
    monkeypatch.setattr(queue_worker, "REQUEST_POLL_S", 0.0)
    assert run_item(home, item) == status
    with ResultsDB.open(home.database) as db:
        row = db.queue.get_item(item)
    assert row["status"] == status and row["request"] is None


def test_worker_process_reports_failure_through_the_queue_row(home):
    with ResultsDB.open(home.database) as db:
        item = db.queue.add_item({**SPEC, "profile": "enormous"})
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "percae_core.runner.queue_worker",
            "--home",
            str(home.root),
            "--item",
            str(item),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    with ResultsDB.open(home.database) as db:
        row = db.queue.get_item(item)
    assert row["status"] == "failed" and "enormous" in row["message"]
