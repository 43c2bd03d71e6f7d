"""CSV and JSON exports of the result records (DESIGN.md's JSON contract)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from percae_core.results.db import ResultsDB
from percae_core.results.export import render_csv, render_json, render_markdown
from percae_core.results.table_data import Section, Table

CONTRACT = {"dataset", "variant", "z", "loss_net", "predictor", "metric", "value", "seed"}


def test_json_is_a_list_of_records_with_the_contract_keys(study_db: Path) -> None:
    with ResultsDB.open(study_db) as db:
        records = json.loads(render_json(db.cells.result_records()))
    assert isinstance(records, list) and len(records) == 16 * 2 + 16 + 4 + 1
    for record in records:
        assert CONTRACT <= set(record)
        assert record["dataset"] in {"lunarlander", "stl10", "svhn"}
        assert record["variant"] in {"ae", "vae", "pae", "pvae"}
        assert record["predictor"] in {"mlp", "linear", "decoder"}
        assert record["metric"] in {"distance_px", "accuracy", "recon_l1"}
        assert "train_seconds" in record
    fitted = [r for r in records if r["profile"] == "quick"]
    assert all(isinstance(r["train_seconds"], float) for r in fitted)


def test_csv_parses_back_to_the_same_records(study_db: Path) -> None:
    with ResultsDB.open(study_db) as db:
        records = db.cells.result_records()
    rows = list(csv.DictReader(io.StringIO(render_csv(records))))
    assert len(rows) == len(records)
    assert [float(row["value"]) for row in rows] == [r["value"] for r in records]
    assert rows[0]["architecture"] == records[0]["architecture"]
    decoder = next(row for row in rows if row["predictor"] == "decoder")
    assert decoder["val_loss"] == "" and decoder["metric"] == "recon_l1"


def test_markdown_escapes_pipes_and_lists_notes() -> None:
    table = Table(
        key="x", title="T", caption="c", columns=("a", "b"), rows=(("r", "1|2"),), notes=("a note",)
    )
    text = render_markdown([Section("alexnet", "smoke", (table,), ("careful",))])
    assert "| r | 1\\|2 |" in text and "- a note" in text and "- careful" in text
