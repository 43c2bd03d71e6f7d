"""The reference baselines (``db.references``): replaced on re-run, found by key."""

from __future__ import annotations

from pathlib import Path

from percae_core.results.db import ResultsDB


def test_reference_rerun_replaces_its_row(tmp_path: Path) -> None:
    ref = {
        "config_hash": "r1",
        "dataset": "svhn",
        "profile": "smoke",
        "seed": 0,
        "loss_net": None,
        "kind": "trivial",
        "predictor": "majority",
        "metric": "accuracy",
        "value": 0.18,
    }
    with ResultsDB.open(tmp_path / "r.sqlite") as db:
        db.references.record(ref)
        db.references.record({**ref, "value": 0.19})
        assert [r["value"] for r in db.references.records()] == [0.19]


def test_references_are_found_by_key_and_filtered_by_dataset(study_db: Path) -> None:
    with ResultsDB.open(study_db) as db:
        assert db.references.get("ref-stl10-quick-0-trivial-majority")["value"] == 0.10
        assert db.references.get("nope") is None
        references = db.references.records(dataset="lunarlander")
        assert {r["kind"] for r in references} == {"trivial", "pixels"} and len(references) == 6


def test_a_reference_keeps_its_off_screen_rule(tmp_path: Path) -> None:
    ref = {
        "config_hash": "r-exact",
        "dataset": "lunarlander",
        "profile": "smoke",
        "seed": 0,
        "kind": "trivial",
        "predictor": "mean",
        "metric": "distance_px",
        "value": 8.57,
        "onscreen": "exact",
    }
    with ResultsDB.open(tmp_path / "r.sqlite") as db:
        db.references.record(ref)
        db.references.record({**ref, "config_hash": "r-unknown", "onscreen": None})
        db.references.set_rule("r-exact", "paper")  # only a rule not yet recorded is filled in
        assert {r["config_hash"]: r["onscreen"] for r in db.references.records()} == {
            "r-exact": "exact",
            "r-unknown": None,
        }
