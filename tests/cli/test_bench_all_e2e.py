"""`percae bench --all --profile smoke` with STL-10 and SVHN imported from official-format files."""

from __future__ import annotations

import json
import math

import pytest
from official_format_writers import write_stl10_folder, write_svhn_folder
from smoke_study import copy_collection, percae

pytestmark = pytest.mark.slow


def test_all_datasets_give_accuracy_and_distance_rows(tmp_path, smoke_collection):
    home = copy_collection(smoke_collection, tmp_path / "home")
    write_stl10_folder(tmp_path / "stl10", {"train": 40, "test": 20, "unlabeled": 60})
    write_svhn_folder(tmp_path / "svhn", {"train": 40, "test": 20, "extra": 60})
    for name in ("stl10", "svhn"):
        done = percae(home, "data", "import", name, str(tmp_path / name), "--no-verify")
        assert done.returncode == 0, done.stderr

    done = percae(
        home, "bench", "--all", "--profile", "smoke", "--variants", "ae,pae", "--epochs", "1"
    )
    assert done.returncode == 0, done.stdout + done.stderr

    rows = json.loads(percae(home, "results", "--format", "json").stdout)
    metrics = {(r["dataset"], r["predictor"]): r["metric"] for r in rows}
    for dataset in ("stl10", "svhn"):
        assert metrics[(dataset, "mlp")] == "accuracy"
        assert metrics[(dataset, "linear")] == "accuracy"
        assert metrics[(dataset, "decoder")] == "recon_l1"
    assert metrics[("lunarlander", "mlp")] == "distance_px"
    accuracies = [r["value"] for r in rows if r["metric"] == "accuracy"]
    assert accuracies and all(0.0 <= v <= 1.0 for v in accuracies)
    assert all(math.isfinite(r["value"]) for r in rows)

    markdown = percae(home, "results", "--format", "markdown").stdout
    for table in ("Table III", "Table IV", "Table VI", "Table VII", "Table VIII"):
        assert table in markdown


def test_all_reports_missing_datasets_as_skipped_with_exit_3(tmp_path, smoke_collection):
    done = percae(
        copy_collection(smoke_collection, tmp_path),
        "bench",
        "--all",
        "--profile",
        "smoke",
        "--variants",
        "ae",
        "--z",
        "8",
        "--epochs",
        "1",
    )
    assert done.returncode == 3, done.stderr
    text = " ".join(done.stderr.split())
    assert "stl10 was skipped" in text and "svhn was skipped" in text
    assert "percae data import stl10" in text
