"""`export_study(..., "mlflow", ...)` read back with MLflow's own client."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from figure_study import NUMBERS, make_figure_study
from PIL import Image

from percae_core.paths import Home
from percae_core.trackers.export import export_study
from percae_core.trackers.mlflow_tracker import tracking_uri

pytest.importorskip("mlflow")
pytest.importorskip("sqlalchemy")
from mlflow.tracking import MlflowClient


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    return make_figure_study(tmp_path_factory.mktemp("mlflow-study"), gammas=(0.01, 1e-5))


def _runs(folder: Path) -> dict[str, list]:
    """Experiment name -> its active runs."""
    client = MlflowClient(tracking_uri=tracking_uri(folder))
    return {
        e.name: client.search_runs([e.experiment_id])
        for e in client.search_experiments()
        if e.name != "Default"
    }


def test_an_experiment_per_setting_and_a_run_per_cell_in_it(home, tmp_path):
    export_study(home, "mlflow", tmp_path)
    runs = _runs(tmp_path)
    assert len(runs) == 2  # the VAEs ran with two gammas: two settings
    (low,) = [name for name in runs if "γ = 1e-05" in name]
    variants = sorted(run.data.params["variant"] for run in runs[low])
    assert variants == sorted(NUMBERS)  # the AEs belong to both settings, as in the tables
    assert all(run.info.status == "FINISHED" for name in runs for run in runs[name])


def test_a_run_holds_the_params_curves_tests_and_the_fig6_png(home, tmp_path):
    export_study(home, "mlflow", tmp_path)
    client = MlflowClient(tracking_uri=tracking_uri(tmp_path))
    (name,) = [n for n in _runs(tmp_path) if "γ = 0.01" in n]
    (run,) = [r for r in _runs(tmp_path)[name] if r.data.params["variant"] == "ae"]
    params = run.data.params
    assert params["z"] == "8" and params["profile"] == "smoke" and params["precision"] == "fp32"
    assert params["versions.percae"] == "0.1.0" and params["config_hash"] == "cell-ae"
    history = client.get_metric_history(run.info.run_id, "loss/train")
    assert sorted((m.step, round(m.value, 6)) for m in history) == [
        (1, 0.08),
        (2, 0.05),
        (3, 0.06),
    ]
    mlp, linear, l1, _, _ = NUMBERS["ae"]
    assert run.data.metrics["test/mlp_accuracy"] == pytest.approx(mlp)
    assert run.data.metrics["test/linear_accuracy"] == pytest.approx(linear)
    assert run.data.metrics["test/decoder_recon_l1"] == pytest.approx(l1)
    assert run.data.metrics["predictor/linear_val_loss"] == pytest.approx(0.6)
    assert [f.path for f in client.list_artifacts(run.info.run_id)] == ["fig6_reconstructions.png"]
    png = client.download_artifacts(run.info.run_id, "fig6_reconstructions.png", str(tmp_path))
    assert np.asarray(Image.open(png)).shape == (3 * 64 + 4, 4 * 64 + 6, 3)


def test_exporting_again_does_not_duplicate_runs(home, tmp_path):
    first = export_study(home, "mlflow", tmp_path)
    counts = {name: len(found) for name, found in _runs(tmp_path).items()}
    again = export_study(home, "mlflow", tmp_path)
    assert first.replaced == 0 and again.replaced == len(again.runs)
    assert {name: len(found) for name, found in _runs(tmp_path).items()} == counts
    assert sum(counts.values()) == 8  # four cells in each of the two settings


def test_setting_filter_writes_only_that_experiment(home, tmp_path):
    export_study(home, "mlflow", tmp_path, settings=["γ = 1e-05"])
    (name,) = _runs(tmp_path)
    assert "γ = 1e-05" in name
