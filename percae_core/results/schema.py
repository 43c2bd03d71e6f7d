"""The results database's schema: ordered migrations and the version table that records them.

A database is at version N when migrations 1..N have been applied; each applied migration adds
one row to ``schema_version``. A file with no such table is version 0 (new, or made before the
table existed). Migrations only ever add: a newer percae opens every older database, and an
older percae refuses a newer one instead of guessing.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

_RESULTS_TABLES = """
CREATE TABLE experiments (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,
    config      TEXT NOT NULL
);
CREATE TABLE cells (
    id            INTEGER PRIMARY KEY,
    experiment_id INTEGER REFERENCES experiments(id),
    config_hash   TEXT NOT NULL UNIQUE,
    dataset       TEXT NOT NULL,
    variant       TEXT NOT NULL,
    z             INTEGER NOT NULL,
    loss_net      TEXT,
    profile       TEXT,
    seed          INTEGER,
    repeat        INTEGER NOT NULL DEFAULT 0,
    gamma         REAL,
    device        TEXT,
    config        TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending',
    error         TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX cells_by_group ON cells (dataset, loss_net, profile);
CREATE TABLE experiment_cells (
    experiment_id INTEGER NOT NULL REFERENCES experiments(id),
    cell_id       INTEGER NOT NULL REFERENCES cells(id),
    PRIMARY KEY (experiment_id, cell_id)
);
CREATE TABLE epochs (
    cell_id       INTEGER NOT NULL REFERENCES cells(id),
    epoch         INTEGER NOT NULL,
    train_loss    REAL,
    val_loss      REAL,
    seconds       REAL,
    images_per_s  REAL,
    parts         TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (cell_id, epoch)
);
CREATE TABLE fits (
    cell_id           INTEGER PRIMARY KEY REFERENCES cells(id),
    epochs_run        INTEGER,
    best_epoch        INTEGER,
    best_val_loss     REAL,
    seconds           REAL,
    seconds_per_epoch REAL,
    images_per_s      REAL,
    device            TEXT,
    versions          TEXT NOT NULL DEFAULT '{}',
    seed              INTEGER,
    checkpoint        TEXT,
    rec_loss          REAL,
    kld_loss          REAL,
    stopped_early     INTEGER,
    recorded_at       TEXT NOT NULL
);
CREATE TABLE predictors (
    cell_id       INTEGER NOT NULL REFERENCES cells(id),
    predictor     TEXT NOT NULL,
    architecture  TEXT,
    val_loss      REAL,
    metric        TEXT NOT NULL,
    value         REAL NOT NULL,
    recorded_at   TEXT NOT NULL,
    PRIMARY KEY (cell_id, predictor)
);
CREATE TABLE decoders (
    cell_id       INTEGER NOT NULL REFERENCES cells(id),
    metric        TEXT NOT NULL,
    value         REAL NOT NULL,
    epochs        INTEGER,
    recorded_at   TEXT NOT NULL,
    PRIMARY KEY (cell_id, metric)
);
CREATE TABLE diagnostics (
    cell_id       INTEGER PRIMARY KEY REFERENCES cells(id),
    active_dims   INTEGER,
    warnings      TEXT NOT NULL DEFAULT '[]',
    data          TEXT NOT NULL,
    recorded_at   TEXT NOT NULL
);
CREATE TABLE reference_results (
    id            INTEGER PRIMARY KEY,
    config_hash   TEXT NOT NULL UNIQUE,
    dataset       TEXT NOT NULL,
    profile       TEXT,
    seed          INTEGER,
    loss_net      TEXT,
    kind          TEXT NOT NULL,
    predictor     TEXT NOT NULL,
    metric        TEXT NOT NULL,
    value         REAL NOT NULL,
    val_loss      REAL,
    features      TEXT,
    recorded_at   TEXT NOT NULL
);
"""

_QUEUE_TABLE = """
CREATE TABLE queue (
    id             INTEGER PRIMARY KEY,
    position       INTEGER NOT NULL,
    spec           TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'queued',
    message        TEXT,
    experiment_id  INTEGER REFERENCES experiments(id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    started_at     TEXT,
    finished_at    TEXT
);
CREATE INDEX queue_by_position ON queue (position);
"""

_QUEUE_LIVE_COLUMNS = """
ALTER TABLE queue ADD COLUMN pid INTEGER;
ALTER TABLE queue ADD COLUMN progress TEXT;
ALTER TABLE queue ADD COLUMN request TEXT
"""

_QUEUE_WORKER_COLUMNS = """
ALTER TABLE queue ADD COLUMN pid INTEGER;
ALTER TABLE queue ADD COLUMN request TEXT;
ALTER TABLE queue ADD COLUMN progress TEXT
"""

#: Migration n (1-based) is MIGRATIONS[n - 1]: (what it does, the SQL script).
MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "results tables: experiments, cells, experiment_cells, epochs, fits, predictors, "
        "decoders, diagnostics, reference_results",
        _RESULTS_TABLES,
    ),
    ("queue of planned runs for the terminal UI", _QUEUE_TABLE),
    ("queue: worker pid, live progress (JSON) and pause/cancel request", _QUEUE_LIVE_COLUMNS),
    (
        "fits: the training precision used (fp32 or bf16; NULL for fits made before it was "
        "recorded)",
        "ALTER TABLE fits ADD COLUMN precision TEXT",
    ),
    (
        "fits: torch's intra-op thread count and the process CPU seconds of the fit (NULL for "
        "fits made before they were recorded)",
        "ALTER TABLE fits ADD COLUMN torch_threads INTEGER; "
        "ALTER TABLE fits ADD COLUMN cpu_seconds REAL",
    ),
    (
        "reference_results: the off-screen rule the baseline was measured under (paper or "
        "exact; NULL for baselines stored before it was recorded)",
        "ALTER TABLE reference_results ADD COLUMN onscreen TEXT",
    ),
    (
        "cells: the feature distance and input normalisation of a perceptual cell, and the "
        "dataset geometry (NULL for cells stored before they were recorded: the loss network's "
        "own distance and normalisation, the paper's geometry)",
        "ALTER TABLE cells ADD COLUMN distance TEXT; "
        "ALTER TABLE cells ADD COLUMN input_norm TEXT; "
        "ALTER TABLE cells ADD COLUMN geometry TEXT",
    ),
)

LATEST_VERSION = len(MIGRATIONS)

_VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at  TEXT NOT NULL
)
"""


def now_text() -> str:
    """The current UTC time as ISO 8601 text, the form every timestamp column holds."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def current_version(conn: sqlite3.Connection) -> int:
    """The schema version of an open database (0 when it has no version table)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def apply_migrations(conn: sqlite3.Connection, target: int = LATEST_VERSION) -> list[int]:
    """Bring the database up to ``target``; returns the versions applied.

    The caller holds a write transaction (``BEGIN IMMEDIATE``), so two processes opening the
    same new file do not both migrate it: the second one finds the work done.
    """
    applied: list[int] = []
    conn.execute(_VERSION_TABLE)
    version = current_version(conn)
    for number in range(version + 1, target + 1):
        description, script = MIGRATIONS[number - 1]
        for statement in _statements(script):
            conn.execute(statement)
        conn.execute(
            "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
            (number, description, now_text()),
        )
        applied.append(number)
    return applied


def _statements(script: str) -> list[str]:
    """A migration script split into statements (executescript would commit our transaction)."""
    return [part.strip() for part in script.split(";") if part.strip()]
