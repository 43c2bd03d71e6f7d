"""Databases written by an older percae open in this one, their rows kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from percae_core.results.db import ResultsDB
from percae_core.results.rows import FitRow
from percae_core.results.schema import LATEST_VERSION, apply_migrations, current_version


def _versions(path: Path) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT version FROM schema_version ORDER BY 1")]
    finally:
        conn.close()


def test_a_version_1_database_is_migrated_and_keeps_its_results(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    apply_migrations(conn, target=1)  # the schema before the queue existed
    conn.execute("INSERT INTO experiments (created_at, config) VALUES ('2026-01-01', '{}')")
    conn.execute(
        "INSERT INTO cells (experiment_id, config_hash, dataset, variant, z, loss_net, profile, "
        "seed, config, status, created_at, updated_at) VALUES (1, 'old', 'svhn', 'ae', 32, "
        "'alexnet', 'quick', 0, '{}', 'done', '2026-01-01', '2026-01-01')"
    )
    conn.execute("INSERT INTO predictors VALUES (1, 'mlp', 'mlp 32', 0.3, 'accuracy', 0.8, 'x')")
    conn.execute("COMMIT")
    assert current_version(conn) == 1
    assert not conn.execute("SELECT name FROM sqlite_master WHERE name = 'queue'").fetchall()
    conn.close()

    with ResultsDB.open(path) as db:
        assert [r["value"] for r in db.cells.result_records(dataset="svhn")] == [0.8]
        item = db.queue.add_item({"profile": "quick"})  # the table added by migration 2
        assert [i["id"] for i in db.queue.items()] == [item]
    assert _versions(path) == list(range(1, LATEST_VERSION + 1))


def test_an_empty_sqlite_file_is_version_0_and_gets_every_migration(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite"
    sqlite3.connect(path).close()  # a zero-byte file, as `touch` or another tool leaves it
    with ResultsDB.open(path) as db:
        cell_id = db.cells.upsert(
            db.cells.create_experiment({}),
            {"config_hash": "h", "dataset": "lunarlander", "variant": "ae", "z": 32},
        )
        assert db.cells.get("h")["id"] == cell_id
    assert _versions(path) == list(range(1, LATEST_VERSION + 1))


def test_a_version_3_database_gains_the_fit_precision_and_keeps_its_fits(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    apply_migrations(conn, target=3)  # before the training precision was recorded
    conn.execute("INSERT INTO experiments (created_at, config) VALUES ('2026-01-01', '{}')")
    conn.execute(
        "INSERT INTO cells (experiment_id, config_hash, dataset, variant, z, profile, seed, "
        "config, status, created_at, updated_at) VALUES (1, 'old', 'svhn', 'ae', 32, 'quick', 0, "
        "'{\"epochs\": 20}', 'done', '2026-01-01', '2026-01-01')"
    )
    conn.execute("INSERT INTO fits (cell_id, epochs_run, recorded_at) VALUES (1, 20, 'x')")
    conn.execute("COMMIT")
    conn.close()

    with ResultsDB.open(path) as db:
        (old,) = db.cells.autoencoder_records()
        assert old["precision"] is None and old["epochs"] == 20  # not recorded, not guessed
        db.cells.record_fit(old["cell_id"], FitRow(epochs_run=20, precision="fp32"))
        assert db.cells.autoencoder_records()[0]["precision"] == "fp32"
    assert _versions(path) == list(range(1, LATEST_VERSION + 1))


def test_a_version_4_database_gains_the_fit_threads_and_cpu_seconds_as_not_recorded(
    tmp_path: Path,
) -> None:
    path = tmp_path / "results.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    apply_migrations(conn, target=4)  # before threads and CPU time were recorded
    conn.execute("INSERT INTO experiments (created_at, config) VALUES ('2026-01-01', '{}')")
    conn.execute(
        "INSERT INTO cells (experiment_id, config_hash, dataset, variant, z, profile, seed, "
        "config, status, created_at, updated_at) VALUES (1, 'old', 'svhn', 'ae', 32, 'quick', 0, "
        "'{}', 'done', '2026-01-01', '2026-01-01')"
    )
    conn.execute(
        "INSERT INTO fits (cell_id, epochs_run, seconds, precision, recorded_at) "
        "VALUES (1, 20, 40.0, 'fp32', 'x')"
    )
    conn.execute("COMMIT")
    conn.close()

    with ResultsDB.open(path) as db:
        (old,) = db.cells.autoencoder_records()
        assert (old["epochs_run"], old["train_seconds"], old["precision"]) == (20, 40.0, "fp32")
        assert old["torch_threads"] is None and old["cpu_seconds"] is None  # not recorded
        db.cells.record_fit(old["cell_id"], FitRow(epochs_run=20, torch_threads=2, cpu_seconds=3.5))
        (new,) = db.cells.autoencoder_records()
        assert (new["torch_threads"], new["cpu_seconds"]) == (2, 3.5)
    assert _versions(path) == list(range(1, LATEST_VERSION + 1))


def test_a_version_4_database_gains_the_reference_rule_and_keeps_its_baselines(
    tmp_path: Path,
) -> None:
    path = tmp_path / "results.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    apply_migrations(conn, target=4)  # before the references' off-screen rule was recorded
    conn.execute(
        "INSERT INTO reference_results (config_hash, dataset, profile, seed, kind, predictor, "
        "metric, value, recorded_at) VALUES ('r1', 'lunarlander', 'quick', 0, 'trivial', "
        "'mean', 'distance_px', 8.36, 'x')"
    )
    conn.execute("COMMIT")
    conn.close()

    with ResultsDB.open(path) as db:
        (old,) = db.references.records()
        assert old["value"] == 8.36 and old["onscreen"] is None  # not recorded, not guessed
        db.references.set_rule("r1", "exact")
        assert db.references.get("r1")["onscreen"] == "exact"
    assert _versions(path) == list(range(1, LATEST_VERSION + 1))
