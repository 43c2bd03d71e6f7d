"""`percae results --out`: never the study's own files, read-only only with --force, links and
FIFOs treated like ordinary tools treat them."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from percae_core.cli.app import main
from percae_core.results.db import ResultsDB
from percae_core.results.rows import FitRow


def _run(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(args)
    captured = capsys.readouterr()
    return caught.value.code, captured.out, captured.err


@pytest.fixture
def home(isolated_home: Path) -> Path:
    with ResultsDB.open(isolated_home / "results.sqlite") as db:
        experiment = db.cells.create_experiment({"profile": "smoke"})
        cell = db.cells.upsert(
            experiment,
            {
                "config_hash": "c1",
                "dataset": "lunarlander",
                "variant": "ae",
                "z": 32,
                "loss_net": "alexnet",
                "profile": "smoke",
                "seed": 0,
                "device": "cpu",
            },
        )
        db.cells.record_fit(cell, FitRow(seconds=3.0, seconds_per_epoch=1.5))
        db.cells.record_predictor(cell, "mlp", "mlp 32", 0.3, "distance_px", 20.0)
        db.cells.set_status(cell, "done")
    return isolated_home


def test_the_results_database_itself_is_refused_and_kept_intact(home: Path, capsys) -> None:
    database = home / "results.sqlite"
    before = database.read_bytes()
    for args in (["--out", str(database)], ["--out", str(database), "--force"]):
        code, _, err = _run(["results", *args], capsys)
        assert code != 0 and "destroy the study" in err
        assert database.read_bytes() == before
    link = home.parent / "innocent.md"
    link.symlink_to(database)
    code, _, _ = _run(["results", "--out", str(link)], capsys)
    assert code != 0 and database.read_bytes() == before
    with ResultsDB.open(database) as db:
        assert len(db.cells.result_records()) == 1


def test_a_file_under_the_home_runs_folder_is_refused(home: Path, capsys) -> None:
    (home / "runs").mkdir(exist_ok=True)
    code, _, _ = _run(["results", "--out", str(home / "runs" / "x.md")], capsys)
    assert code != 0 and not (home / "runs" / "x.md").exists()


def test_a_read_only_file_is_refused_unless_forced(home: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "kept.md"
    target.write_text("mine")
    target.chmod(0o444)
    code, _, err = _run(["results", "--out", str(target)], capsys)
    assert code != 0 and "read-only" in err and target.read_text() == "mine"
    code, _, _ = _run(["results", "--out", str(target), "--force"], capsys)
    assert code == 0 and "Table II" in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_a_replaced_file_keeps_its_permission_bits(home: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "shared.md"
    target.write_text("old")
    target.chmod(0o600)
    code, _, _ = _run(["results", "--out", str(target)], capsys)
    assert code == 0 and stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_symlink_is_written_through_to_its_target(home: Path, tmp_path: Path, capsys) -> None:
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    code, _, _ = _run(["results", "--out", str(link)], capsys)
    assert code == 0 and link.is_symlink()
    assert "Table II" in real.read_text()


def test_a_fifo_is_written_as_a_stream(home: Path, tmp_path: Path, capsys) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _, _ = _run(["results", "--out", str(fifo)], capsys)
    reader.join(timeout=10)
    assert code == 0 and stat.S_ISFIFO(fifo.stat().st_mode)
    assert b"Table II" in received[0]
