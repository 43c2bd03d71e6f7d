"""A home that cannot be written is still readable: the database opens read-only when its schema
is current (issue 24 item 13). Tests run as root, where chmod does not bind, so the read-only
path is forced (``read_only=True``) or the permission check is made to say "not writable"."""

from __future__ import annotations

import sqlite3

import pytest
from cli_invocation import run_cli

from percae_core.errors import ResultsDatabaseError
from percae_core.results import connection
from percae_core.results.db import ResultsDB


def _database(tmp_path):
    path = tmp_path / "home" / "results.sqlite"
    with ResultsDB.open(path) as db:
        experiment = db.cells.create_experiment({"profile": "smoke"})
    return path, experiment


def test_a_read_only_opening_reads_and_refuses_writes_with_the_message(tmp_path):
    path, experiment = _database(tmp_path)
    before = path.read_bytes()
    with ResultsDB.open(path, read_only=True) as db:
        assert db._db.read_only
        assert db.cells.result_records() == []
        with pytest.raises(ResultsDatabaseError, match="cannot be opened for writing"):
            db.cells.create_experiment({"profile": "quick"})
    assert path.read_bytes() == before


def test_an_old_schema_is_not_read_without_updating_it(tmp_path):
    path = tmp_path / "old.sqlite"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ResultsDatabaseError, match="cannot be written and its schema"):
        ResultsDB.open(path, read_only=True)


def test_an_unwritable_home_opens_read_only_by_itself(tmp_path, monkeypatch):
    path, _ = _database(tmp_path)
    monkeypatch.setattr(connection, "_writable", lambda target: False)
    with ResultsDB.open(path) as db:
        assert db._db.read_only


def test_results_work_on_a_read_only_home_with_out_elsewhere(capsys, tmp_path, monkeypatch):
    path, _ = _database(tmp_path)
    before = path.read_bytes()
    monkeypatch.setattr(connection, "_writable", lambda target: target.parent != path.parent)
    code, _, err = run_cli(
        capsys,
        "--home",
        str(path.parent),
        "results",
        "--format",
        "csv",
        "-o",
        str(tmp_path / "r.csv"),
    )
    assert code == 0, err
    assert "No results yet" in err
    assert path.read_bytes() == before
