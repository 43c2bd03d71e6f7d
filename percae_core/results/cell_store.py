"""Experiments, grid cells and everything recorded for a cell: its epochs, fit, predictors,
decoder retraining and diagnostics (``db.cells`` of `ResultsDB`).

Writers (the study runner, the terminal UI) call the ``record_*`` methods; each is one
transaction and an upsert on the row's natural key, so a resumed or re-run cell replaces its rows
instead of duplicating them. Readers get plain dicts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from percae_core.results import cell_records
from percae_core.results.cell_timing import CellTiming
from percae_core.results.connection import Connection
from percae_core.results.record_order import PERCEPTUAL_VARIANTS
from percae_core.results.rows import DiagnosticsRow, EpochRow, FitRow
from percae_core.results.schema import now_text
from percae_core.results.sql_values import row_columns, to_float, to_json
from percae_core.statuses import CellStatus

CELL_STATUSES = tuple(status.value for status in CellStatus)
PREDICTORS = ("mlp", "linear")


class CellStore:
    """The cells aggregate, on the connection that `ResultsDB` opened."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    # ----------------------------------------------------------------- writes
    def create_experiment(self, config: dict) -> int:
        """One `percae bench` invocation or queue item; its cells are linked by `upsert`."""
        with self._db.write() as conn:
            cursor = conn.execute(
                "INSERT INTO experiments (created_at, config) VALUES (?, ?)",
                (now_text(), to_json(config)),
            )
            return cast(int, cursor.lastrowid)  # an INSERT always sets it

    def upsert(self, experiment_id: int, cell: dict) -> int:
        """The id of the cell with ``cell["config_hash"]``, created if new; either way it is
        linked to ``experiment_id``. An existing cell keeps its rows and status (resume)."""
        stamp = now_text()
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO cells (experiment_id, config_hash, dataset, variant, z, loss_net, "
                "profile, seed, repeat, gamma, device, config, status, created_at, updated_at, "
                "distance, input_norm, geometry) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (config_hash) DO NOTHING",
                (
                    experiment_id,
                    cell["config_hash"],
                    cell["dataset"],
                    cell["variant"],
                    int(cell["z"]),
                    cell.get("loss_net"),
                    cell.get("profile"),
                    cell.get("seed"),
                    int(cell.get("repeat") or 0),
                    to_float(cell.get("gamma")),
                    cell.get("device"),
                    to_json(cell.get("config", {})),
                    CellStatus.PENDING.value,
                    stamp,
                    stamp,
                    cell.get("distance"),
                    cell.get("input_norm"),
                    cell.get("geometry"),
                ),
            )
            cell_id = int(
                conn.execute(
                    "SELECT id FROM cells WHERE config_hash = ?", (cell["config_hash"],)
                ).fetchone()[0]
            )
            conn.execute(
                "INSERT OR IGNORE INTO experiment_cells (experiment_id, cell_id) VALUES (?, ?)",
                (experiment_id, cell_id),
            )
            return cell_id

    def set_status(self, cell_id: int, status: CellStatus | str, error: str | None = None) -> None:
        if status not in CELL_STATUSES:
            raise ValueError(f"cell status {status!r} is not one of {CELL_STATUSES}")
        with self._db.write() as conn:
            conn.execute(
                "UPDATE cells SET status = ?, error = ?, updated_at = ? WHERE id = ?",
                (CellStatus(status).value, error, now_text(), cell_id),
            )

    def record_epoch(self, cell_id: int, row: EpochRow) -> None:
        """One epoch of the cell's fit; a resumed fit rewrites the epoch's row."""
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO epochs (cell_id, epoch, train_loss, val_loss, seconds, images_per_s,"
                " parts) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cell_id, epoch) DO UPDATE SET "
                "train_loss = excluded.train_loss, val_loss = excluded.val_loss, "
                "seconds = excluded.seconds, images_per_s = excluded.images_per_s, "
                "parts = excluded.parts",
                (
                    cell_id,
                    int(row.epoch),
                    to_float(row.train_loss),
                    to_float(row.val_loss),
                    to_float(row.seconds),
                    to_float(row.images_per_s),
                    to_json(dict(row.parts)),
                ),
            )

    def record_fit(self, cell_id: int, fit: FitRow) -> None:
        """The cell's fit, one ``fits`` column per `FitRow` field."""
        columns, values = row_columns(fit)
        names = ", ".join(["cell_id", *columns, "recorded_at"])
        marks = ", ".join("?" for _ in range(len(columns) + 2))
        with self._db.write() as conn:
            conn.execute(
                f"INSERT OR REPLACE INTO fits ({names}) VALUES ({marks})",
                (cell_id, *values, now_text()),
            )

    def record_predictor(
        self,
        cell_id: int,
        predictor: str,
        architecture: str,
        val_loss: float,
        metric: str,
        value: float,
    ) -> None:
        """The tested predictor of one kind; accuracy is a fraction in [0, 1]."""
        if predictor not in PREDICTORS:
            raise ValueError(f"predictor {predictor!r} is not one of {PREDICTORS}")
        with self._db.write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO predictors (cell_id, predictor, architecture, val_loss, "
                "metric, value, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    cell_id,
                    predictor,
                    architecture,
                    to_float(val_loss),
                    metric,
                    float(value),
                    now_text(),
                ),
            )

    def record_decoder(
        self, cell_id: int, value: float, epochs: int, metric: str = "recon_l1"
    ) -> None:
        with self._db.write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO decoders (cell_id, metric, value, epochs, recorded_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (cell_id, metric, float(value), epochs, now_text()),
            )

    def record_diagnostics(self, cell_id: int, diagnostics: DiagnosticsRow) -> None:
        active = diagnostics.active_dims
        with self._db.write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO diagnostics (cell_id, active_dims, warnings, data, "
                "recorded_at) VALUES (?, ?, ?, ?, ?)",
                (
                    cell_id,
                    None if active is None else int(active),
                    to_json(list(diagnostics.warnings)),
                    to_json(diagnostics.data()),
                    now_text(),
                ),
            )

    # ------------------------------------------------------------------ reads
    def get(self, config_hash: str) -> dict | None:
        """The cell with this identity, or None."""
        row = self._db.query_one("SELECT * FROM cells WHERE config_hash = ?", (config_hash,))
        return None if row is None else _cell_dict(row)

    def all(self, experiment_id: int | None = None) -> list[dict]:
        """All cells, or those an experiment asked for (created by it or resumed by it)."""
        if experiment_id is None:
            rows = self._db.query("SELECT * FROM cells ORDER BY id")
        else:
            rows = self._db.query(
                "SELECT c.* FROM cells c JOIN experiment_cells e ON e.cell_id = c.id "
                "WHERE e.experiment_id = ? ORDER BY c.id",
                (experiment_id,),
            )
        return [_cell_dict(row) for row in rows]

    def experiments(self) -> list[dict]:
        rows = self._db.query("SELECT * FROM experiments ORDER BY id")
        return [
            {"id": row["id"], "created_at": row["created_at"], "config": json.loads(row["config"])}
            for row in rows
        ]

    def epochs_of(self, cell_id: int) -> list[dict]:
        rows = self._db.query("SELECT * FROM epochs WHERE cell_id = ? ORDER BY epoch", (cell_id,))
        return [{**dict(row), "parts": json.loads(row["parts"])} for row in rows]

    def result_records(
        self,
        dataset: str | Iterable[str] | None = None,
        loss_net: str | None = None,
        profile: str | None = None,
    ) -> list[dict]:
        """DESIGN.md's record contract, one per tested predictor and decoder retraining of a
        finished cell (see `cell_records.result_records`)."""
        return cell_records.result_records(self._db, dataset, loss_net, profile)

    def autoencoder_records(
        self,
        dataset: str | Iterable[str] | None = None,
        loss_net: str | None = None,
        profile: str | None = None,
    ) -> list[dict]:
        """One record per finished cell with its fit and diagnostics (see
        `cell_records.autoencoder_records`)."""
        return cell_records.autoencoder_records(self._db, dataset, loss_net, profile)

    def measured_rates(self, device_type: str) -> dict[tuple[str, bool], float]:
        """Mean training images/s of past fits on this kind of device ("cpu", "cuda"), per
        (dataset, perceptual): what the runner's time estimates start from."""
        rows = self._db.query(
            "SELECT c.dataset, c.variant, f.images_per_s, f.device AS fit_device, c.device "
            "FROM fits f JOIN cells c ON c.id = f.cell_id WHERE f.images_per_s > 0",
        )
        rates: dict[tuple[str, bool], list[float]] = {}
        for row in rows:
            device = str(row["fit_device"] or row["device"] or "")
            if device.split(":")[0] != device_type:
                continue
            key = (row["dataset"], row["variant"] in PERCEPTUAL_VARIANTS)
            rates.setdefault(key, []).append(float(row["images_per_s"]))
        return {key: sum(values) / len(values) for key, values in rates.items()}

    def measured_timings(self, device_type: str) -> dict[tuple[str, str, bool], CellTiming]:
        """What finished cells took on this kind of device, per (dataset, profile, perceptual):
        seconds per autoencoder epoch (validation included) and the seconds from the end of the
        fit to the cell's diagnostics (predictor grid, decoder retraining, diagnostics)."""
        rows = self._db.query(
            "SELECT c.dataset, c.profile, c.variant, f.seconds_per_epoch, f.recorded_at AS fit_at, "
            "f.device AS fit_device, c.device, g.recorded_at AS done_at "
            "FROM fits f JOIN cells c ON c.id = f.cell_id "
            "JOIN diagnostics g ON g.cell_id = c.id WHERE f.seconds_per_epoch > 0"
        )
        seen: dict[tuple[str, str, bool], list[tuple[float, float]]] = {}
        for row in rows:
            device = str(row["fit_device"] or row["device"] or "")
            if device.split(":")[0] != device_type:
                continue
            after = (_when(row["done_at"]) - _when(row["fit_at"])).total_seconds()
            key = (row["dataset"], str(row["profile"]), row["variant"] in PERCEPTUAL_VARIANTS)
            seen.setdefault(key, []).append((float(row["seconds_per_epoch"]), max(0.0, after)))
        return {
            key: CellTiming(
                seconds_per_epoch=sum(e for e, _ in values) / len(values),
                after_fit_seconds=sum(a for _, a in values) / len(values),
                cells=len(values),
            )
            for key, values in seen.items()
        }


def _cell_dict(row: Any) -> dict:
    cell = dict(row)
    cell["config"] = json.loads(cell["config"])
    return cell


def _when(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)
