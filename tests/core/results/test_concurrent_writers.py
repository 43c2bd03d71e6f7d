"""Two processes writing the same database at once (a bench run and the terminal UI)."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

from percae_core.results.db import ResultsDB
from percae_core.results.rows import EpochRow

INSERTS = 40


def _writer(path: str, name: str, start, inserts: int) -> None:
    start.wait()
    with ResultsDB.open(Path(path)) as db:
        experiment = db.cells.create_experiment({"writer": name})
        for i in range(inserts):
            cell_id = db.cells.upsert(
                experiment,
                {
                    "config_hash": f"{name}-{i}",
                    "dataset": "lunarlander",
                    "variant": "pae",
                    "z": 32,
                    "seed": i,
                },
            )
            db.cells.record_epoch(cell_id, EpochRow(1, 0.1, 0.2, 1.0, 10.0, {"rec": 0.1}))
            db.queue.add_item({"writer": name, "i": i})


def test_two_processes_writing_at_once_lose_and_corrupt_nothing(tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite"  # neither process finds it: both create it at once
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [
        context.Process(target=_writer, args=(str(path), name, start, INSERTS))
        for name in ("bench", "tui")
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0]

    with ResultsDB.open(path) as db:
        assert len(db.cells.all()) == 2 * INSERTS
        assert sum(len(db.cells.epochs_of(cell["id"])) for cell in db.cells.all()) == 2 * INSERTS
        positions = [item["position"] for item in db.queue.items()]
        assert len(positions) == 2 * INSERTS and len(set(positions)) == 2 * INSERTS
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
