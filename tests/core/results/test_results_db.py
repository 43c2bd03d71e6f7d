"""The results database API the study runner and the terminal UI write through."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from percae_core.errors import PercaeError, ResultsDatabaseError
from percae_core.results.db import RECORD_KEYS, ResultsDB
from percae_core.results.schema import LATEST_VERSION

CONTRACT_KEYS = {
    "dataset",
    "variant",
    "z",
    "loss_net",
    "predictor",
    "metric",
    "value",
    "seed",
    "train_seconds",
}


def _cell(config_hash: str = "abc", **overrides: object) -> dict:
    cell = {
        "config_hash": config_hash,
        "dataset": "lunarlander",
        "variant": "pae",
        "z": 32,
        "loss_net": "alexnet",
        "profile": "smoke",
        "seed": 0,
        "repeat": 0,
        "gamma": 0.01,
        "device": "cpu",
        "config": {"epochs": 2},
    }
    cell.update(overrides)
    return cell


def test_open_creates_a_wal_database_at_the_latest_schema(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "results.sqlite"
    with ResultsDB.open(path) as db:
        assert db.journal_mode == "wal"
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == LATEST_VERSION
    conn.close()
    with ResultsDB.open(path) as again:  # reopening migrates nothing and keeps working
        assert again.cells() == []


def test_resumed_cell_is_not_duplicated_and_keeps_its_status(tmp_path: Path) -> None:
    with ResultsDB.open(tmp_path / "r.sqlite") as db:
        first = db.create_experiment({"profile": "smoke"})
        cell_id = db.upsert_cell(first, _cell())
        db.set_cell_status(cell_id, "failed", error="CUDA out of memory")
        second = db.create_experiment({"profile": "smoke"})
        assert db.upsert_cell(second, _cell()) == cell_id
        assert len(db.cells()) == 1
        assert [c["id"] for c in db.cells(second)] == [cell_id]  # the resuming run lists it
        stored = db.get_cell("abc")
        assert stored["status"] == "failed" and stored["error"] == "CUDA out of memory"
        assert stored["config"] == {"epochs": 2}
        assert db.get_cell("missing") is None
        with pytest.raises(ValueError):
            db.set_cell_status(cell_id, "finished")


def test_epochs_and_predictors_are_replaced_on_rerun_not_duplicated(tmp_path: Path) -> None:
    with ResultsDB.open(tmp_path / "r.sqlite") as db:
        cell_id = db.upsert_cell(db.create_experiment({}), _cell())
        db.record_epoch(cell_id, 1, 0.5, 0.6, 2.0, 100.0, {"rec": 0.5})
        db.record_epoch(cell_id, 2, 0.4, 0.5, 2.0, 100.0, {"rec": 0.4})
        db.record_epoch(cell_id, 2, 0.3, 0.45, 2.1, 95.0, {"rec": 0.3})  # resumed fit
        epochs = db.epochs_of(cell_id)
        assert [e["epoch"] for e in epochs] == [1, 2]
        assert epochs[1]["val_loss"] == 0.45 and epochs[1]["parts"] == {"rec": 0.3}
        db.record_fit(
            cell_id,
            {
                "epochs_run": 2,
                "best_epoch": 2,
                "seconds": 4.1,
                "seconds_per_epoch": 2.05,
                "device": "cpu",
            },
        )
        db.record_predictor(cell_id, "mlp", "mlp 32 relu/none", 0.2, "distance_px", 9.0)
        db.record_predictor(cell_id, "mlp", "mlp 64 relu/none", 0.1, "distance_px", 7.0)
        db.record_decoder(cell_id, 0.05, epochs=1)
        db.set_cell_status(cell_id, "done")
        records = db.result_records()
    assert [(r["predictor"], r["value"]) for r in records] == [("mlp", 7.0), ("decoder", 0.05)]
    for record in records:
        assert CONTRACT_KEYS <= set(record) and list(record) == list(RECORD_KEYS)
        assert record["train_seconds"] == pytest.approx(4.1)


def test_result_records_filter_by_dataset_loss_net_and_profile(study_db: Path) -> None:
    with ResultsDB.open(study_db) as db:
        assert {r["dataset"] for r in db.result_records(dataset="stl10")} == {"stl10"}
        assert {r["dataset"] for r in db.result_records(dataset=["stl10", "lunarlander"])} == {
            "stl10",
            "lunarlander",
        }
        smoke = db.result_records(profile="smoke")
        assert [(r["loss_net"], r["value"]) for r in smoke] == [("alexnet-random", 9.5)]
        assert all(r["loss_net"] == "alexnet" for r in db.result_records(loss_net="alexnet"))
        references = db.reference_records(dataset="lunarlander")
        assert {r["kind"] for r in references} == {"trivial", "pixels"} and len(references) == 6


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
        db.record_reference(ref)
        db.record_reference({**ref, "value": 0.19})
        assert [r["value"] for r in db.reference_records()] == [0.19]


def test_queue_keeps_order_moves_updates_and_claims(tmp_path: Path) -> None:
    with ResultsDB.open(tmp_path / "r.sqlite") as db:
        a = db.add_queue_item({"dataset": ["lunarlander"], "profile": "smoke"})
        b = db.add_queue_item({"dataset": ["svhn"], "profile": "quick"})
        c = db.add_queue_item({"dataset": ["stl10"], "profile": "quick"})
        db.move_queue_item(c, -5)  # clamps at the top
        assert [item["id"] for item in db.list_queue()] == [c, a, b]
        db.move_queue_item(c, 1)
        assert [item["id"] for item in db.list_queue()] == [a, c, b]
        db.update_queue_item(a, status="done", message="3 cells")
        assert db.claim_next_queue_item()["id"] == c
        assert db.get_queue_item(c)["status"] == "running"
        db.delete_queue_item(b)
        db.delete_queue_item(b)  # already gone: nothing to do
        assert [(i["id"], i["status"]) for i in db.list_queue()] == [(a, "done"), (c, "running")]
        assert db.list_queue()[0]["spec"] == {"dataset": ["lunarlander"], "profile": "smoke"}
        assert db.claim_next_queue_item() is None
        with pytest.raises(PercaeError, match="no longer exists"):
            db.update_queue_item(b, status="queued")
        with pytest.raises(PercaeError, match="no longer exists"):
            db.move_queue_item(b, 1)


def test_a_corrupt_file_is_reported_by_name_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite"
    garbage = b"this is not an sqlite database, just some bytes " * 100
    path.write_bytes(garbage)
    with pytest.raises(ResultsDatabaseError) as caught:
        ResultsDB.open(path)
    assert str(path) in caught.value.message and "damaged" in caught.value.message
    assert "broken" in caught.value.hint
    assert path.read_bytes() == garbage


def test_a_database_from_a_newer_percae_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite"
    ResultsDB.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (?, 'future', 'now')", (LATEST_VERSION + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(ResultsDatabaseError, match="newer percae"):
        ResultsDB.open(path)


def test_a_write_failing_half_way_leaves_no_partial_row(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    with ResultsDB.open(path) as db:
        experiment = db.create_experiment({})
    conn = sqlite3.connect(path)  # make the second statement of upsert_cell fail
    conn.execute(
        "CREATE TRIGGER fail AFTER INSERT ON experiment_cells "
        "BEGIN SELECT RAISE(ABORT, 'disk gone'); END"
    )
    conn.commit()
    conn.close()
    with ResultsDB.open(path) as db:
        with pytest.raises(sqlite3.IntegrityError):
            db.upsert_cell(experiment, _cell())  # the cell row was inserted, then the link failed
        assert db.cells() == [] and db.get_cell("abc") is None


def test_queue_worker_fields_round_trip(tmp_path: Path) -> None:
    with ResultsDB.open(tmp_path / "r.sqlite") as db:
        item = db.add_queue_item({"profile": "smoke"})
        db.update_queue_item(
            item, status="running", pid=4242, request="pause", progress='{"epoch": 3}'
        )
        stored = db.get_queue_item(item)
        assert (stored["pid"], stored["request"], stored["progress"]) == (
            4242,
            "pause",
            '{"epoch": 3}',
        )
        with pytest.raises(ValueError):
            db.update_queue_item(item, colour="red")


def test_references_by_key_and_measured_rates_per_device(study_db: Path) -> None:
    with ResultsDB.open(study_db) as db:
        assert db.get_reference("ref-stl10-quick-0-trivial-majority")["value"] == 0.10
        assert db.get_reference("nope") is None
        rates = db.measured_rates("cpu")
        assert rates[("lunarlander", False)] == pytest.approx(500.0)
        assert rates[("lunarlander", True)] == pytest.approx((400 + 1000 / 2.4) / 2)
        assert db.measured_rates("cuda") == {}


def test_records_carry_the_setting_that_produced_them(tmp_path: Path) -> None:
    with ResultsDB.open(tmp_path / "r.sqlite") as db:
        config = {"epochs": 3, "batch_size": 64, "onscreen": "exact", "precision": "bf16"}
        cell_id = db.upsert_cell(
            db.create_experiment({}), _cell(variant="vae", gamma=1e-5, config=config)
        )
        db.record_fit(cell_id, {"epochs_run": 3, "device": "cpu", "precision": "bf16"})
        db.record_predictor(cell_id, "mlp", "mlp 32", 0.2, "distance_px", 9.0)
        db.set_cell_status(cell_id, "done")
        (record,) = db.result_records()
        (fit,) = db.autoencoder_records()
    assert {key: record[key] for key in ("gamma", "epochs", "batch_size", "onscreen")} == {
        "gamma": 1e-5,
        "epochs": 3,
        "batch_size": 64,
        "onscreen": "exact",
    }
    assert record["precision"] == "bf16" and fit["precision"] == "bf16"


def test_cells_not_marked_done_are_left_out_of_the_results(tmp_path: Path) -> None:
    """A paused cell's predictors (recorded before the pause) are not a result yet."""
    with ResultsDB.open(tmp_path / "r.sqlite") as db:
        cell_id = db.upsert_cell(db.create_experiment({}), _cell())
        db.record_fit(cell_id, {"epochs_run": 2, "device": "cpu"})
        db.record_predictor(cell_id, "mlp", "mlp 32", 0.2, "distance_px", 9.0)
        db.set_cell_status(cell_id, "interrupted", "paused by the user")
        assert db.result_records() == [] and db.autoencoder_records() == []
        db.record_decoder(cell_id, 0.05, epochs=4)
        db.set_cell_status(cell_id, "done")
        assert [r["predictor"] for r in db.result_records()] == ["mlp", "decoder"]
