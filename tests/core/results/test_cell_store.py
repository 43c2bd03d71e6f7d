"""Cells and what is recorded for them (``db.cells``), as the study runner writes them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from percae_core.results.cell_records import RECORD_KEYS
from percae_core.results.db import ResultsDB
from percae_core.results.rows import EpochRow, FitRow

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


def test_resumed_cell_is_not_duplicated_and_keeps_its_status(tmp_path: Path) -> None:
    with ResultsDB.open(tmp_path / "r.sqlite") as db:
        first = db.cells.create_experiment({"profile": "smoke"})
        cell_id = db.cells.upsert(first, _cell())
        db.cells.set_status(cell_id, "failed", error="CUDA out of memory")
        second = db.cells.create_experiment({"profile": "smoke"})
        assert db.cells.upsert(second, _cell()) == cell_id
        assert len(db.cells.all()) == 1
        assert [c["id"] for c in db.cells.all(second)] == [cell_id]  # the resuming run lists it
        stored = db.cells.get("abc")
        assert stored["status"] == "failed" and stored["error"] == "CUDA out of memory"
        assert stored["config"] == {"epochs": 2}
        assert db.cells.get("missing") is None
        with pytest.raises(ValueError):
            db.cells.set_status(cell_id, "finished")


def test_epochs_and_predictors_are_replaced_on_rerun_not_duplicated(tmp_path: Path) -> None:
    with ResultsDB.open(tmp_path / "r.sqlite") as db:
        cell_id = db.cells.upsert(db.cells.create_experiment({}), _cell())
        db.cells.record_epoch(cell_id, EpochRow(1, 0.5, 0.6, 2.0, 100.0, {"rec": 0.5}))
        db.cells.record_epoch(cell_id, EpochRow(2, 0.4, 0.5, 2.0, 100.0, {"rec": 0.4}))
        db.cells.record_epoch(
            cell_id, EpochRow(2, 0.3, 0.45, 2.1, 95.0, {"rec": 0.3})
        )  # resumed fit
        epochs = db.cells.epochs_of(cell_id)
        assert [e["epoch"] for e in epochs] == [1, 2]
        assert epochs[1]["val_loss"] == 0.45 and epochs[1]["parts"] == {"rec": 0.3}
        db.cells.record_fit(
            cell_id,
            FitRow(
                epochs_run=2,
                best_epoch=2,
                seconds=4.1,
                seconds_per_epoch=2.05,
                device="cpu",
            ),
        )
        db.cells.record_predictor(cell_id, "mlp", "mlp 32 relu/none", 0.2, "distance_px", 9.0)
        db.cells.record_predictor(cell_id, "mlp", "mlp 64 relu/none", 0.1, "distance_px", 7.0)
        db.cells.record_decoder(cell_id, 0.05, epochs=1)
        db.cells.set_status(cell_id, "done")
        records = db.cells.result_records()
    assert [(r["predictor"], r["value"]) for r in records] == [("mlp", 7.0), ("decoder", 0.05)]
    for record in records:
        assert CONTRACT_KEYS <= set(record) and list(record) == list(RECORD_KEYS)
        assert record["train_seconds"] == pytest.approx(4.1)


def test_result_records_filter_by_dataset_loss_net_and_profile(study_db: Path) -> None:
    with ResultsDB.open(study_db) as db:
        assert {r["dataset"] for r in db.cells.result_records(dataset="stl10")} == {"stl10"}
        assert {
            r["dataset"] for r in db.cells.result_records(dataset=["stl10", "lunarlander"])
        } == {
            "stl10",
            "lunarlander",
        }
        smoke = db.cells.result_records(profile="smoke")
        assert [(r["loss_net"], r["value"]) for r in smoke] == [("alexnet-random", 9.5)]
        assert all(r["loss_net"] == "alexnet" for r in db.cells.result_records(loss_net="alexnet"))


def test_measured_rates_are_per_device_type_and_kind_of_variant(study_db: Path) -> None:
    with ResultsDB.open(study_db) as db:
        rates = db.cells.measured_rates("cpu")
        assert rates[("lunarlander", False)] == pytest.approx(500.0)
        assert rates[("lunarlander", True)] == pytest.approx((400 + 1000 / 2.4) / 2)
        assert db.cells.measured_rates("cuda") == {}


def test_a_write_failing_half_way_leaves_no_partial_row(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    with ResultsDB.open(path) as db:
        experiment = db.cells.create_experiment({})
    conn = sqlite3.connect(path)  # make the second statement of upsert fail
    conn.execute(
        "CREATE TRIGGER fail AFTER INSERT ON experiment_cells "
        "BEGIN SELECT RAISE(ABORT, 'disk gone'); END"
    )
    conn.commit()
    conn.close()
    with ResultsDB.open(path) as db:
        with pytest.raises(sqlite3.IntegrityError):
            db.cells.upsert(experiment, _cell())  # the cell row was inserted, then the link failed
        assert db.cells.all() == [] and db.cells.get("abc") is None


def test_records_carry_the_setting_that_produced_them(tmp_path: Path) -> None:
    with ResultsDB.open(tmp_path / "r.sqlite") as db:
        config = {"epochs": 3, "batch_size": 64, "onscreen": "exact", "precision": "bf16"}
        cell_id = db.cells.upsert(
            db.cells.create_experiment({}), _cell(variant="vae", gamma=1e-5, config=config)
        )
        db.cells.record_fit(cell_id, FitRow(epochs_run=3, device="cpu", precision="bf16"))
        db.cells.record_predictor(cell_id, "mlp", "mlp 32", 0.2, "distance_px", 9.0)
        db.cells.set_status(cell_id, "done")
        (record,) = db.cells.result_records()
        (fit,) = db.cells.autoencoder_records()
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
        cell_id = db.cells.upsert(db.cells.create_experiment({}), _cell())
        db.cells.record_fit(cell_id, FitRow(epochs_run=2, device="cpu"))
        db.cells.record_predictor(cell_id, "mlp", "mlp 32", 0.2, "distance_px", 9.0)
        db.cells.set_status(cell_id, "interrupted", "paused by the user")
        assert db.cells.result_records() == [] and db.cells.autoencoder_records() == []
        db.cells.record_decoder(cell_id, 0.05, epochs=4)
        db.cells.set_status(cell_id, "done")
        assert [r["predictor"] for r in db.cells.result_records()] == ["mlp", "decoder"]


def test_every_fit_field_is_stored_and_read_back_with_the_threads_and_cpu_time(
    tmp_path: Path,
) -> None:
    """Each `FitRow` field lands in its own column: the autoencoder records carry them all, and
    every result record of the cell carries the fit's thread count and CPU seconds."""
    fit = FitRow(
        epochs_run=3,
        best_epoch=2,
        best_val_loss=0.25,
        seconds=6.0,
        seconds_per_epoch=2.0,
        images_per_s=120.0,
        device="cpu",
        versions={"torch": "2.x"},
        seed=7,
        checkpoint="runs/abc/checkpoint.pt",
        rec_loss=0.2,
        kld_loss=0.05,
        stopped_early=True,
        precision="fp32",
        torch_threads=4,
        cpu_seconds=21.5,
    )
    with ResultsDB.open(tmp_path / "r.sqlite") as db:
        cell_id = db.cells.upsert(db.cells.create_experiment({}), _cell())
        db.cells.record_fit(cell_id, fit)
        db.cells.record_predictor(cell_id, "mlp", "mlp 32", 0.2, "distance_px", 9.0)
        db.cells.record_decoder(cell_id, 0.05, 3)
        db.cells.set_status(cell_id, "done")
        (autoencoder,) = db.cells.autoencoder_records()
        records = db.cells.result_records()
    assert {key: autoencoder[key] for key in ("torch_threads", "cpu_seconds")} == {
        "torch_threads": 4,
        "cpu_seconds": 21.5,
    }
    assert (autoencoder["epochs_run"], autoencoder["train_seconds"]) == (3, 6.0)
    assert (autoencoder["rec_loss"], autoencoder["kld_loss"]) == (0.2, 0.05)
    assert autoencoder["stopped_early"] is True and autoencoder["versions"] == {"torch": "2.x"}
    assert autoencoder["checkpoint"] == "runs/abc/checkpoint.pt"
    assert autoencoder["precision"] == "fp32" and autoencoder["device"] == "cpu"
    assert [(r["predictor"], r["torch_threads"], r["cpu_seconds"]) for r in records] == [
        ("mlp", 4, 21.5),
        ("decoder", 4, 21.5),
    ]
