"""A user's own image folders end to end through the real `percae` executable: a class-folder
set and a targets-CSV set import, run the smoke study by name and appear in every output."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from image_folders import write_colour_classes, write_spot_frames
from smoke_study import percae

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class ImportedStudy:
    home: Path
    bench_output: str


@pytest.fixture(scope="module")
def imported_study(tmp_path_factory) -> ImportedStudy:
    root = tmp_path_factory.mktemp("own-images")
    home = root / "home"
    colours = write_colour_classes(root / "colours")
    spots = write_spot_frames(root / "spots")
    done = percae(home, "data", "import", "images", str(colours), "--name", "colours")
    assert done.returncode == 0, done.stderr
    args = ("data", "import", "images", str(spots.parent), "--targets", str(spots))
    done = percae(home, *args, "--name", "spots", "--title", "Spots")
    assert done.returncode == 0, done.stderr
    bench = ("bench", "--profile", "smoke", "--dataset", "colours", "--dataset", "spots")
    done = percae(home, *bench)
    assert done.returncode == 0, done.stderr
    return ImportedStudy(home, done.stdout)


def records(home: Path) -> list[dict]:
    done = percae(home, "results", "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def trivial_value(home: Path, dataset: str) -> float:
    with sqlite3.connect(home / "results.sqlite") as db:
        (value,) = db.execute(
            "SELECT value FROM reference_results WHERE dataset = ? AND kind = 'trivial'",
            (dataset,),
        ).fetchone()
    return float(value)


def test_the_colour_classes_are_learnt_far_above_chance(imported_study):
    mlp = [
        r
        for r in records(imported_study.home)
        if (r["dataset"], r["predictor"]) == ("colours", "mlp")
    ]
    assert {r["variant"] for r in mlp} == {"ae", "vae", "pae", "pvae"}
    assert all(r["metric"] == "accuracy" for r in mlp)
    assert min(r["value"] for r in mlp) >= 0.8  # chance: 1/3


def test_the_spot_position_is_predicted_in_the_targets_unit(imported_study):
    mlp = [
        r
        for r in records(imported_study.home)
        if (r["dataset"], r["predictor"]) == ("spots", "mlp")
    ]
    assert mlp and all(r["metric"] == "distance" for r in mlp)
    # far better than always predicting the training mean position (about 15 pixels away)
    assert min(r["value"] for r in mlp) < 0.75 * trivial_value(imported_study.home, "spots")


def test_both_appear_in_the_tables_titled_with_their_own_name_and_metric(imported_study):
    done = percae(imported_study.home, "results", "--format", "markdown")
    assert done.returncode == 0, done.stderr
    assert "colours, MLP predictor: test accuracy in %" in done.stdout
    assert "Spots, MLP predictor: mean Euclidean distance to the true targets" in done.stdout
    assert "units" in done.stdout


def test_both_appear_in_status_compare_figures_and_the_report(imported_study, tmp_path):
    home = imported_study.home
    status = percae(home, "data", "status", "--verify")
    assert status.returncode == 0, status.stderr
    assert "colours (colours): 1 prepared" in status.stdout and "Spots (spots)" in status.stdout
    compared = percae(home, "compare")
    assert compared.returncode == 0, compared.stderr
    assert "### colours, mlp" in compared.stdout and "### Spots, mlp" in compared.stdout
    figures = percae(home, "figures", "--out", str(tmp_path / "figures"))
    assert figures.returncode == 0, figures.stderr
    names = [path.name for path in (tmp_path / "figures").iterdir()]
    assert any("colours" in name for name in names) and any("spots" in name for name in names)
    report = percae(home, "report", "--out", str(tmp_path / "report.html"))
    assert report.returncode == 0, report.stderr
    page = (tmp_path / "report.html").read_text()
    assert "colours, MLP predictor" in page and "Spots, MLP predictor" in page
