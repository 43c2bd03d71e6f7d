"""After the shared smoke study, both exports read back with each tracker's own reader: a run per
cell, its curves, params and images (the issue's "done when")."""

from __future__ import annotations

import pytest
from cli_invocation import run_cli

from percae_core.models.variants import list_variants

pytestmark = pytest.mark.slow
tensorboard = pytest.importorskip("tensorboard")
pytest.importorskip("mlflow")
pytest.importorskip("sqlalchemy")


def test_tensorboard_export_of_the_smoke_study(smoke_study, tmp_path, capsys):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    code, out, err = run_cli(
        capsys, "--home", str(smoke_study.home), "export", "tensorboard", "--out", str(tmp_path)
    )
    assert code == 0, err
    runs = sorted(tmp_path.iterdir())
    assert len(runs) == len(list_variants())
    for run in runs:
        reader = EventAccumulator(str(run), size_guidance={"scalars": 0, "images": 0})
        reader.Reload()
        assert [e.step for e in reader.Scalars("loss/train")] == [1, 2]  # smoke: 2 epochs
        assert reader.Scalars("test/mlp_distance_px")[0].value > 0
        assert reader.Tags()["images"] == ["reconstructions"]
        header, *rows = (run / "00000" / "test_embedding" / "metadata.tsv").read_text().splitlines()
        assert header.split("\t") == ["target_0", "target_1"]  # the lander's x and y
        assert len(rows) > 0


def test_mlflow_export_of_the_smoke_study(smoke_study, tmp_path, capsys):
    from mlflow.tracking import MlflowClient

    from percae_core.trackers.mlflow_tracker import tracking_uri

    code, _, err = run_cli(
        capsys, "--home", str(smoke_study.home), "export", "mlflow", "--out", str(tmp_path)
    )
    assert code == 0, err
    client = MlflowClient(tracking_uri=tracking_uri(tmp_path))
    (experiment,) = [e for e in client.search_experiments() if e.name != "Default"]
    assert "profile smoke" in experiment.name
    runs = client.search_runs([experiment.experiment_id])
    assert sorted(r.data.params["variant"] for r in runs) == sorted(list_variants())
    for run in runs:
        history = client.get_metric_history(run.info.run_id, "loss/val")
        assert sorted(m.step for m in history) == [1, 2]
        assert run.data.params["profile"] == "smoke"
        paths = [f.path for f in client.list_artifacts(run.info.run_id)]
        assert paths == ["fig6_reconstructions.png"]
