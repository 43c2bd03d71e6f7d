"""Opening the results database: the file, its schema, its parts, and the files it refuses."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from percae_core.errors import ResultsDatabaseError
from percae_core.results.cell_records import RECORD_KEYS
from percae_core.results.db import ResultsDB
from percae_core.results.rows import DiagnosticsRow, EpochRow, FitRow
from percae_core.results.schema import LATEST_VERSION, apply_migrations

_TIMES = {"created_at", "updated_at", "recorded_at", "started_at", "finished_at"}
_TABLES = (
    "experiments",
    "cells",
    "experiment_cells",
    "epochs",
    "fits",
    "predictors",
    "decoders",
    "diagnostics",
    "reference_results",
    "queue",
)
_CELL_CONFIG = {"epochs": 2, "batch_size": 16, "precision": "fp32", "run_seed": 7}
_FIT_VERSIONS = {"percae": "0.1", "torch": "2.0"}
_DIAGNOSTICS_ROW = DiagnosticsRow(active_dims=5, warnings=("few active dims",))
#: The stored JSON: every field of the row, as the pipeline has always written them.
_DIAGNOSTICS = json.loads(json.dumps(_DIAGNOSTICS_ROW.data()))
_PARTS = {"kld": 0.1, "rec": 0.3}


def test_open_creates_a_wal_database_at_the_latest_schema(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "results.sqlite"
    with ResultsDB.open(path) as db:
        assert db.journal_mode == "wal"
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == LATEST_VERSION
    conn.close()
    with ResultsDB.open(path) as again:  # reopening migrates nothing and keeps working
        assert again.cells.all() == []


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


def _write_with_sql(path: Path) -> None:
    """A database as the single-class `ResultsDB` (before the split by aggregate) wrote it:
    its statements and its value encoding (sorted-key JSON, 0/1 booleans), at the same schema."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    apply_migrations(conn)
    t = "2026-01-01T00:00:00+00:00"
    conn.execute(
        "INSERT INTO experiments (created_at, config) VALUES (?, ?)",
        (t, json.dumps({"profile": "smoke"}, sort_keys=True)),
    )
    conn.execute(
        "INSERT INTO cells (experiment_id, config_hash, dataset, variant, z, loss_net, profile, "
        "seed, repeat, gamma, device, config, status, created_at, updated_at) "
        "VALUES (1, 'h1', 'lunarlander', 'pvae', 32, 'alexnet', 'smoke', 0, 0, 0.01, 'cpu', ?, "
        "'done', ?, ?)",
        (json.dumps(_CELL_CONFIG, sort_keys=True), t, t),
    )
    conn.execute("INSERT INTO experiment_cells (experiment_id, cell_id) VALUES (1, 1)")
    conn.execute(
        "INSERT INTO epochs (cell_id, epoch, train_loss, val_loss, seconds, images_per_s, parts) "
        "VALUES (1, 1, 0.5, 0.4, 2.0, 250.0, ?)",
        (json.dumps(_PARTS, sort_keys=True),),
    )
    conn.execute(
        "INSERT INTO fits (cell_id, epochs_run, best_epoch, best_val_loss, seconds, "
        "seconds_per_epoch, images_per_s, device, versions, seed, checkpoint, rec_loss, "
        "kld_loss, stopped_early, precision, recorded_at) "
        "VALUES (1, 1, 1, 0.4, 2.5, 2.0, 250.0, 'cpu', ?, 0, 'runs/h1/checkpoint.pt', 0.3, 0.1, "
        "0, 'fp32', ?)",
        (json.dumps(_FIT_VERSIONS, sort_keys=True), t),
    )
    conn.execute(
        "INSERT INTO predictors (cell_id, predictor, architecture, val_loss, metric, value, "
        "recorded_at) VALUES (1, 'mlp', 'mlp 32', 0.2, 'distance_px', 9.0, ?)",
        (t,),
    )
    conn.execute(
        "INSERT INTO decoders (cell_id, metric, value, epochs, recorded_at) "
        "VALUES (1, 'recon_l1', 0.05, 3, ?)",
        (t,),
    )
    conn.execute(
        "INSERT INTO diagnostics (cell_id, active_dims, warnings, data, recorded_at) "
        "VALUES (1, 5, ?, ?, ?)",
        (
            json.dumps(_DIAGNOSTICS["warnings"], sort_keys=True),
            json.dumps(_DIAGNOSTICS, sort_keys=True),
            t,
        ),
    )
    conn.execute(
        "INSERT INTO reference_results (config_hash, dataset, profile, seed, loss_net, kind, "
        "predictor, metric, value, val_loss, features, recorded_at) "
        "VALUES ('r1', 'lunarlander', 'smoke', 0, NULL, 'trivial', 'mean', 'distance_px', 20.0, "
        "NULL, NULL, ?)",
        (t,),
    )
    conn.execute(
        "INSERT INTO queue (position, spec, status, created_at, updated_at) "
        "VALUES (0, ?, 'queued', ?, ?)",
        (json.dumps({"profile": "smoke"}, sort_keys=True), t, t),
    )
    conn.execute("COMMIT")
    conn.close()


def _write_with_stores(path: Path) -> None:
    """The same rows written through today's aggregates."""
    with ResultsDB.open(path) as db:
        experiment = db.cells.create_experiment({"profile": "smoke"})
        cell = {
            "config_hash": "h1",
            "dataset": "lunarlander",
            "variant": "pvae",
            "z": 32,
            "loss_net": "alexnet",
            "profile": "smoke",
            "seed": 0,
            "repeat": 0,
            "gamma": 0.01,
            "device": "cpu",
            "config": _CELL_CONFIG,
        }
        cell_id = db.cells.upsert(experiment, cell)
        db.cells.record_epoch(cell_id, EpochRow(1, 0.5, 0.4, 2.0, 250.0, _PARTS))
        fit = FitRow(
            epochs_run=1,
            best_epoch=1,
            best_val_loss=0.4,
            seconds=2.5,
            seconds_per_epoch=2.0,
            images_per_s=250.0,
            device="cpu",
            versions=_FIT_VERSIONS,
            seed=0,
            checkpoint=str(Path("runs/h1/checkpoint.pt")),
            rec_loss=0.3,
            kld_loss=0.1,
            stopped_early=False,
            precision="fp32",
        )
        db.cells.record_fit(cell_id, fit)
        db.cells.record_predictor(cell_id, "mlp", "mlp 32", 0.2, "distance_px", 9.0)
        db.cells.record_decoder(cell_id, 0.05, 3)
        db.cells.record_diagnostics(cell_id, _DIAGNOSTICS_ROW)
        db.cells.set_status(cell_id, "done")
        reference = {
            "config_hash": "r1",
            "dataset": "lunarlander",
            "profile": "smoke",
            "seed": 0,
            "loss_net": None,
            "kind": "trivial",
            "predictor": "mean",
            "metric": "distance_px",
            "value": 20.0,
        }
        db.references.record(reference)
        db.queue.add_item({"profile": "smoke"})


def _rows(path: Path) -> dict[str, list[dict]]:
    """Every row of every table, timestamps left out."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return {
            table: [
                {key: row[key] for key in row.keys() if key not in _TIMES}
                for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
            ]
            for table in _TABLES
        }
    finally:
        conn.close()


def test_a_database_written_before_the_split_opens_and_reads_the_same(tmp_path: Path) -> None:
    """The split of `ResultsDB` into cells, references and queue changed no byte of the format:
    a file written the old way reads back as before, and today's writers store the same rows."""
    old, new = tmp_path / "old.sqlite", tmp_path / "new.sqlite"
    _write_with_sql(old)
    _write_with_stores(new)
    assert _rows(new) == _rows(old)

    with ResultsDB.open(old) as db:
        (record,) = [r for r in db.cells.result_records() if r["predictor"] == "mlp"]
        assert list(record) == list(RECORD_KEYS)
        assert {key: record[key] for key in ("variant", "z", "value", "val_loss")} == {
            "variant": "pvae",
            "z": 32,
            "value": 9.0,
            "val_loss": 0.2,
        }
        assert (record["train_seconds"], record["run_seed"], record["precision"]) == (
            2.5,
            7,
            "fp32",
        )
        (decoder,) = [r for r in db.cells.result_records() if r["predictor"] == "decoder"]
        assert (decoder["value"], decoder["decoder_epochs"]) == (0.05, 3)
        (autoencoder,) = db.cells.autoencoder_records()
        assert autoencoder["diagnostics"] == _DIAGNOSTICS
        assert autoencoder["versions"] == _FIT_VERSIONS and autoencoder["stopped_early"] is False
        assert db.cells.get("h1")["config"] == _CELL_CONFIG
        assert [e["parts"] for e in db.cells.epochs_of(1)] == [_PARTS]
        assert db.cells.experiments()[0]["config"] == {"profile": "smoke"}
        assert db.cells.measured_rates("cpu") == {("lunarlander", True): 250.0}
        assert [r["value"] for r in db.references.records()] == [20.0]
        assert db.references.get("r1")["predictor"] == "mean"
        assert [i["spec"] for i in db.queue.items()] == [{"profile": "smoke"}]
