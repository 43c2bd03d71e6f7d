"""A cell run with the 2023 study's loss (--distance mse --input-norm none) or geometry is another
cell: another hash, stored with its settings, shown in its own results section whose title and
caption name them; the paper's cells keep their hashes and their sections."""

from __future__ import annotations

import pytest

from percae_core.errors import UsageError
from percae_core.profiles import get_profile
from percae_core.results.db import ResultsDB
from percae_core.results.export import render_markdown
from percae_core.results.tables import build_sections
from percae_core.runner.bench import _cell_row
from percae_core.runner.plan import BenchRequest, build_cells, requested_datasets
from percae_core.statuses import CellStatus


def _cells(**kwargs: object):
    request = BenchRequest(datasets=("svhn",), variants=("pae",), seed=3, **kwargs)
    return build_cells(request, get_profile("quick"), "alexnet", ["svhn"])


def test_distance_input_norm_and_geometry_change_the_hash_only_when_not_the_default():
    paper = _cells()[0]
    assert _cells(distance="sigmoid-mse", input_norm="none")[0].config_hash == paper.config_hash
    study = _cells(distance="mse", input_norm="none")[0]
    assert study.config_hash != paper.config_hash
    assert (study.distance, study.input_norm) == ("mse", None)  # none is alexnet's own
    both = _cells(distance="mse", input_norm="imagenet")[0]
    assert len({paper.config_hash, study.config_hash, both.config_hash}) == 3
    padded = _cells(geometry="reflect-pad")[0]
    assert padded.config_hash != paper.config_hash and padded.config()["geometry"] == "reflect-pad"
    pixel = build_cells(
        BenchRequest(datasets=("svhn",), variants=("ae",), seed=3, distance="mse"),
        get_profile("quick"),
        "alexnet",
        ["svhn"],
    )[0]
    assert "distance" not in pixel.config()  # no loss network: the distance does not apply


@pytest.mark.parametrize(
    "kwargs",
    [
        {"distance": "l1"},
        {"input_norm": "zscore"},
        {"geometry": "crop"},
        {"datasets": ("lunarlander",), "geometry": "reflect-pad"},
    ],
)
def test_bad_settings_are_usage_errors(kwargs):
    request = BenchRequest(**{"datasets": ("svhn",), **kwargs})
    with pytest.raises(UsageError):
        requested_datasets(request)


def _store(db: ResultsDB, cell, value: float) -> None:
    experiment = db.cells.create_experiment({})
    cell_id = db.cells.upsert(experiment, _cell_row(cell, "cpu"))
    db.cells.record_predictor(cell_id, "mlp", "[]", 0.1, "accuracy", value)
    db.cells.set_status(cell_id, CellStatus.DONE)


def test_a_study_loss_cell_is_stored_and_shown_in_its_own_section(tmp_path):
    paper, study = _cells()[0], _cells(distance="mse", input_norm="imagenet")[0]
    with ResultsDB.open(tmp_path / "results.db") as db:
        _store(db, paper, 0.8)
        _store(db, study, 0.6)
        records = db.cells.result_records()
    stored = {(r["distance"], r["input_norm"], r["geometry"]): r["value"] for r in records}
    assert stored == {("sigmoid-mse", "none", "paper"): 0.8, ("mse", "imagenet", "paper"): 0.6}
    sections = build_sections(records, [], [])
    assert len(sections) == 2
    titled = [s for s in sections if "distance mse" in s.heading]
    assert len(titled) == 1 and "input normalisation imagenet" in titled[0].heading
    caption = titled[0].tables[0].caption
    assert "distance: mse" in caption and "input normalisation: imagenet" in caption
    assert "distance" not in [s for s in sections if s not in titled][0].tables[0].caption
    assert "distance mse" in render_markdown(sections)
