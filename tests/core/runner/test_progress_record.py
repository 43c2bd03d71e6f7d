"""The stored progress record: a round trip keeps every field, the previous release's rows are
still read, and a newer version is refused with a message saying what to do."""

from __future__ import annotations

import json

import pytest

from percae_core.events import CellKey
from percae_core.runner.progress_record import (
    PROGRESS_VERSION,
    CellProgress,
    NoticeRecord,
    ProgressRecord,
    ProgressVersionError,
    StepProgress,
)
from percae_core.stages import Stage

PAE = CellKey("lunarlander", "pae", 32, "alexnet", 1, "lunarlander z=32 P. AE r1")


def test_a_record_round_trips_through_json_with_its_version():
    record = ProgressRecord(
        stage=Stage.DATA,
        stage_text="LunarLander: data",
        step=StepProgress("rendering", 5, 20, "frames"),
        running=[
            CellProgress(
                label=PAE.label,
                key=PAE,
                stage=Stage.DECODER,
                fitting=True,
                epoch=1,
                epochs=3,
                batch=2,
                batches=7,
                batch_loss=0.25,
                train_loss=0.5,
                val_loss=0.75,
                images_per_s=100.0,
                fit_eta_s=4.0,
                epoch_seconds=2.0,
                step=StepProgress("predictor grid", 3, 38, "epochs"),
            )
        ],
        cells_done=3,
        cells_total=8,
        plan_eta_s=60.0,
        device="cpu",
        loss_net="alexnet",
        notices=[NoticeRecord("warning", "collapsed")],
        notice_count=4,
        elapsed_s=12.5,
        updated_at="2026-12-01T02:00:00+00:00",
    )
    text = record.to_json()
    assert json.loads(text)["version"] == PROGRESS_VERSION
    assert ProgressRecord.from_json(text) == record


def test_a_row_written_by_the_previous_release_is_still_read():
    old = {
        "cell": "lunarlander z=32 AE",
        "stage": "lunarlander z=32 AE decoder retraining",
        "fitting": True,
        "epoch": 1,
        "epochs": 2,
        "batch": 3,
        "batches": 5,
        "val_loss": 0.5,
        "cells_total": 4,
        "cells_done": 2,
        "notices": [{"level": "warning", "message": "slow"}],
        "notice_count": 1,
        "elapsed_s": 40.0,
    }
    record = ProgressRecord.from_json(json.dumps(old))
    [cell] = record.running
    assert (cell.label, cell.key, cell.stage) == ("lunarlander z=32 AE", None, Stage.DECODER)
    assert (cell.epoch, cell.epochs, cell.batch, cell.val_loss) == (1, 2, 3, 0.5)
    assert (record.cells_done, record.cells_total, record.elapsed_s) == (2, 4, 40.0)
    assert record.notices == [NoticeRecord("warning", "slow")]
    study_stage = ProgressRecord.from_json(json.dumps({"stage": "LunarLander: data"}))
    assert study_stage.running == [] and study_stage.stage_text == "LunarLander: data"
    assert ProgressRecord.from_json(None) == ProgressRecord()


def test_a_newer_version_is_refused_with_what_to_do():
    with pytest.raises(ProgressVersionError) as caught:
        ProgressRecord.from_json(json.dumps({"version": PROGRESS_VERSION + 1}))
    assert "newer percae" in caught.value.message and "pip install -U" in str(caught.value.hint)
