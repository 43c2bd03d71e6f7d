"""Cells that differ only in their predictor protocol (the 2023 study's 7 LeakyReLU MLPs against
the paper's grid) are two settings: each record says which protocol scored it, and the tables
give them separate sections whose title and caption name the 2023 protocol."""

from __future__ import annotations

from dataclasses import replace

from percae_core.evaluation.predictor_protocols import DEFAULT_PROTOCOL
from percae_core.profiles import get_profile
from percae_core.results.db import ResultsDB
from percae_core.results.export import render_markdown
from percae_core.results.tables import build_sections
from percae_core.runner.bench import _cell_row
from percae_core.runner.plan import BenchRequest, build_cells
from percae_core.statuses import CellStatus

OTHER_PROTOCOL = "loss-networks2023"


def _store(db: ResultsDB, cell: object, value: float) -> None:
    experiment = db.cells.create_experiment({"command": "bench"})
    cell_id = db.cells.upsert(experiment, _cell_row(cell, "cpu"))
    db.cells.record_predictor(cell_id, "mlp", "[]", 0.1, "accuracy", value)
    db.cells.set_status(cell_id, CellStatus.DONE)


def test_a_protocol_only_difference_is_its_own_section(tmp_path):
    request = BenchRequest(datasets=("svhn",), variants=("pae",), seed=3)
    (paper,) = build_cells(request, get_profile("quick"), "alexnet", ["svhn"])[:1]
    other = replace(paper, predictor_protocol=OTHER_PROTOCOL)
    assert other.config_hash != paper.config_hash
    with ResultsDB.open(tmp_path / "results.db") as db:
        _store(db, paper, 0.8)
        _store(db, other, 0.6)
        records = db.cells.result_records()
    stored = {r["predictor_protocol"]: r["value"] for r in records}
    assert stored == {DEFAULT_PROTOCOL: 0.8, OTHER_PROTOCOL: 0.6}
    sections = build_sections(records, [], [])
    assert len(sections) == 2, "two predictor protocols were merged into one section"
    titled = [s for s in sections if f"predictors {OTHER_PROTOCOL}" in s.heading]
    assert len(titled) == 1
    assert f"predictor protocol: {OTHER_PROTOCOL}" in titled[0].tables[0].caption
    assert f"predictors {OTHER_PROTOCOL}" in render_markdown(sections)
