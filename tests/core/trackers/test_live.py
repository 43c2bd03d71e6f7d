"""`LiveTracking`: a study's events written to a tracker as they come, the rest at a cell's end."""

from __future__ import annotations

import pytest
from figure_study import make_figure_study

from percae_core.events import CellEnded, CellKey, EpochFinished, Event, Notice
from percae_core.results.db import ResultsDB
from percae_core.stages import Stage
from percae_core.trackers.cell_data import TrackedCell
from percae_core.trackers.live import live_tracking
from percae_core.trackers.mlflow_tracker import tracking_uri

pytest.importorskip("mlflow")
pytest.importorskip("sqlalchemy")
from mlflow.tracking import MlflowClient

KEY = CellKey("svhn", "pae", 8, "alexnet-random", 0, label="svhn z=8 P. AE")


def _epoch(epoch: int, loss: float, stage: Stage = Stage.FIT) -> EpochFinished:
    return EpochFinished(
        "run", epoch, 3, loss, loss, 1.0, 40.0, 0.0, True, {"rec": loss}, stage=stage, cell=KEY
    )


def test_epochs_are_written_live_and_the_summary_when_the_cell_is_done(tmp_path):
    home = make_figure_study(tmp_path / "study")
    with ResultsDB.open(home.database) as db:
        cells = [TrackedCell.of_record(r) for r in db.cells.autoencoder_records()]
    seen: list[Event] = []
    folder = tmp_path / "mlflow"
    sink = live_tracking("mlflow", folder, home, cells, seen.append)
    client = MlflowClient(tracking_uri=tracking_uri(folder))
    events: list[Event] = [_epoch(1, 0.5), _epoch(1, 9.0, Stage.DECODER), Notice("info", "hi")]
    for event in events:
        sink(event)
    (live,) = client.search_runs([e.experiment_id for e in client.search_experiments()])
    assert live.info.status == "RUNNING"
    assert [m.value for m in client.get_metric_history(live.info.run_id, "loss/train")] == [0.5]
    sink(CellEnded("done", cell=KEY))
    sink.close()
    assert seen == [*events, CellEnded("done", cell=KEY)]  # the progress view gets everything
    run = client.get_run(live.info.run_id)
    assert run.info.status == "FINISHED" and run.data.params["variant"] == "pae"
    history = client.get_metric_history(run.info.run_id, "loss/train")
    # epoch 1 as it came live; 2 and 3 (not sent in this session) from the database
    assert sorted((m.step, round(m.value, 6)) for m in history) == [(1, 0.5), (2, 0.15), (3, 0.18)]
    assert run.data.metrics["test/mlp_accuracy"] == pytest.approx(0.5)
    assert [f.path for f in client.list_artifacts(run.info.run_id)] == ["fig6_reconstructions.png"]
