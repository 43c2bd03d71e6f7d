"""A database whose tables do not match its recorded schema version is reported as damaged or
inconsistent, with the move-aside hint, never as a raw sqlite3 traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from percae_core.errors import ResultsDatabaseError
from percae_core.results.db import ResultsDB

DAMAGE = {
    "version rows deleted": "DELETE FROM schema_version",
    "version table dropped": "DROP TABLE schema_version",
    "cells table dropped": "DROP TABLE cells",
    "fits table dropped": "DROP TABLE fits",
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_schema_that_does_not_match_its_version_is_a_clear_error(tmp_path: Path, damage):
    path = tmp_path / "results.sqlite"
    with ResultsDB.open(path) as db:
        db.cells.create_experiment({"profile": "smoke"})
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(DAMAGE[damage])
    with pytest.raises(ResultsDatabaseError) as caught:
        with ResultsDB.open(path) as db:
            db.cells.result_records()
            db.cells.all()
            db.cells.autoencoder_records()
    assert "schema" in caught.value.message and "Move it aside" in (caught.value.hint or "")
