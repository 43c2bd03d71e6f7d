"""A Ray task's captured writes travel back pickled and, replayed, make the rows a direct write
makes."""

from __future__ import annotations

import pickle
import sqlite3
from pathlib import Path

from percae_core.results.db import ResultsDB
from percae_core.results.rows import DiagnosticsRow, FitRow
from percae_core.runner.executors.captured_writes import CapturedWrites, replay

CELL = {"config_hash": "h", "dataset": "lunarlander", "variant": "vae", "z": 8, "config": {}}
FIT = FitRow(epochs_run=2, best_epoch=1, seconds=3.0, torch_threads=1, cpu_seconds=2.9)
DIAGNOSTICS = DiagnosticsRow(z=8, active_dims=3, mu_variance=(0.1, 0.0), warnings=("few",))


def _write(recorder: object, cell_id: int) -> None:
    recorder.record_fit(cell_id, FIT)
    recorder.record_predictor(cell_id, "mlp", "mlp 32", 0.2, "distance_px", 9.0)
    recorder.record_predictor(cell_id, "linear", "linear", 0.3, "distance_px", 11.0)
    recorder.record_decoder(cell_id, 0.05, 4)
    recorder.record_diagnostics(cell_id, DIAGNOSTICS)


def _rows(path: Path) -> dict[str, list[dict]]:
    """The written tables' rows, their timestamps left out."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return {
            table: [
                {key: row[key] for key in row.keys() if key != "recorded_at"}
                for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
            ]
            for table in ("fits", "predictors", "decoders", "diagnostics")
        }
    finally:
        conn.close()


def test_replayed_writes_make_the_same_rows_as_direct_writes(tmp_path: Path) -> None:
    direct, replayed = tmp_path / "direct.sqlite", tmp_path / "replayed.sqlite"
    with ResultsDB.open(direct) as db:
        _write(db.cells, db.cells.upsert(db.cells.create_experiment({}), CELL))
    captured = CapturedWrites()
    _write(captured, 99)  # the task's cell id is not used: the driver names the cell
    travelled = pickle.loads(pickle.dumps(captured.writes))
    with ResultsDB.open(replayed) as db:
        cell_id = db.cells.upsert(db.cells.create_experiment({}), CELL)
        replay(travelled, db.cells, cell_id)
        db.cells.set_status(cell_id, "done")
        (record,) = db.cells.autoencoder_records()
    assert _rows(replayed) == _rows(direct) and all(_rows(direct).values())
    assert (record["torch_threads"], record["cpu_seconds"]) == (1, 2.9)
    assert record["diagnostics"]["mu_variance"] == [0.1, 0.0]
