"""The results database: every experiment, grid cell, epoch, fit, predictor, decoder retraining,
diagnostic and reference baseline of one percae home, in one SQLite file.

Writers (the study runner, the terminal UI) call the ``record_*`` methods; each is one
transaction and an upsert on the row's natural key, so a resumed or re-run cell replaces its rows
instead of duplicating them. Readers get plain dicts; `result_records` is the fixed JSON contract
of DESIGN.md that `percae results --format json` prints.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from percae_core.data.catalog import dataset_rank
from percae_core.models.variants import list_variants, perceptual_variants, variational_variants
from percae_core.results.connection import Connection
from percae_core.results.queue import QueueStore
from percae_core.results.schema import now_text

CELL_STATUSES = ("pending", "running", "done", "failed", "interrupted")
PREDICTORS = ("mlp", "linear")
REFERENCE_KINDS = ("trivial", "pixels")
REFERENCE_PREDICTORS = ("mean", "majority", "mlp", "linear")

#: The order in which variants and predictors are listed everywhere (datasets: the catalog's).
VARIANT_ORDER = tuple(list_variants())
PERCEPTUAL_VARIANTS = perceptual_variants()
VARIATIONAL_VARIANTS = variational_variants()
PREDICTOR_ORDER = ("mlp", "linear", "decoder")

#: The keys of every record `result_records` returns, in this order (CSV columns).
RECORD_KEYS = (
    "dataset",
    "variant",
    "z",
    "loss_net",
    "predictor",
    "metric",
    "value",
    "seed",
    "train_seconds",
    "gamma",
    "epochs",
    "batch_size",
    "onscreen",
    "precision",
    "profile",
    "repeat",
    "run_seed",
    "device",
    "val_loss",
    "architecture",
    "decoder_epochs",
    "seconds_per_epoch",
    "images_per_s",
    "epochs_run",
    "best_epoch",
    "status",
    "config_hash",
    "cell_id",
    "experiment_id",
)

_CELL_KEYS = ("dataset", "variant", "z", "loss_net", "profile", "seed", "repeat", "gamma", "device")


def _json(value: Any) -> str:
    return json.dumps(value, default=_json_default, sort_keys=True)


def _json_default(value: Any) -> Any:
    """numpy scalars, tensors of one element, paths: whatever the engine hands over."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, tuple)):
        return list(value)
    return str(value)


def _float(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _sort_key(record: dict) -> tuple:
    def rank(order: Sequence[str], name: Any) -> tuple:
        return (order.index(name), "") if name in order else (len(order), str(name))

    return (
        (dataset_rank(record.get("dataset")), str(record.get("dataset"))),
        str(record.get("loss_net")),
        str(record.get("profile")),
        *(str(record.get(key)) for key in ("gamma", "epochs", "batch_size", "onscreen")),
        str(record.get("precision")),
        rank(VARIANT_ORDER, record.get("variant")),
        record.get("z") or 0,
        record.get("seed") or 0,
        record.get("repeat") or 0,
        rank(PREDICTOR_ORDER, record.get("predictor")),
    )


def _where(column_filters: dict[str, Any]) -> tuple[str, list[Any]]:
    """``WHERE`` text for equality filters; a list value means any of them; None means all."""
    clauses: list[str] = []
    params: list[Any] = []
    for column, wanted in column_filters.items():
        if wanted is None:
            continue
        values = [wanted] if isinstance(wanted, str) else list(wanted)
        clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
        params.extend(values)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class ResultsDB(QueueStore):
    """Open with `ResultsDB.open(path)` (creates or migrates the file); use as a context
    manager or call `close()`."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection
        self.path = connection.path

    @classmethod
    def open(cls, path: Path | str) -> ResultsDB:
        return cls(Connection(Path(path)))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ResultsDB:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def journal_mode(self) -> str:
        return self._db.journal_mode

    # ----------------------------------------------------------------- writes
    def create_experiment(self, config: dict) -> int:
        """One `percae bench` invocation or queue item; its cells are linked by `upsert_cell`."""
        with self._db.write() as conn:
            cursor = conn.execute(
                "INSERT INTO experiments (created_at, config) VALUES (?, ?)",
                (now_text(), _json(config)),
            )
            return int(cursor.lastrowid)

    def upsert_cell(self, experiment_id: int, cell: dict) -> int:
        """The id of the cell with ``cell["config_hash"]``, created if new; either way it is
        linked to ``experiment_id``. An existing cell keeps its rows and status (resume)."""
        stamp = now_text()
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO cells (experiment_id, config_hash, dataset, variant, z, loss_net, "
                "profile, seed, repeat, gamma, device, config, status, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) "
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
                    _float(cell.get("gamma")),
                    cell.get("device"),
                    _json(cell.get("config", {})),
                    stamp,
                    stamp,
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

    def set_cell_status(self, cell_id: int, status: str, error: str | None = None) -> None:
        if status not in CELL_STATUSES:
            raise ValueError(f"cell status {status!r} is not one of {CELL_STATUSES}")
        with self._db.write() as conn:
            conn.execute(
                "UPDATE cells SET status = ?, error = ?, updated_at = ? WHERE id = ?",
                (status, error, now_text(), cell_id),
            )

    def record_epoch(
        self,
        cell_id: int,
        epoch: int,
        train_loss: float,
        val_loss: float,
        seconds: float,
        images_per_s: float,
        parts: dict,
    ) -> None:
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO epochs (cell_id, epoch, train_loss, val_loss, seconds, images_per_s,"
                " parts) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cell_id, epoch) DO UPDATE SET "
                "train_loss = excluded.train_loss, val_loss = excluded.val_loss, "
                "seconds = excluded.seconds, images_per_s = excluded.images_per_s, "
                "parts = excluded.parts",
                (
                    cell_id,
                    int(epoch),
                    _float(train_loss),
                    _float(val_loss),
                    _float(seconds),
                    _float(images_per_s),
                    _json(parts or {}),
                ),
            )

    def record_fit(self, cell_id: int, fit: dict) -> None:
        row = (
            cell_id,
            fit.get("epochs_run"),
            fit.get("best_epoch"),
            _float(fit.get("best_val_loss")),
            _float(fit.get("seconds")),
            _float(fit.get("seconds_per_epoch")),
            _float(fit.get("images_per_s")),
            fit.get("device"),
            _json(fit.get("versions") or {}),
            fit.get("seed"),
            None if fit.get("checkpoint") is None else str(fit["checkpoint"]),
            _float(fit.get("rec_loss")),
            _float(fit.get("kld_loss")),
            None if fit.get("stopped_early") is None else int(bool(fit["stopped_early"])),
            fit.get("precision"),
            now_text(),
        )
        with self._db.write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO fits (cell_id, epochs_run, best_epoch, best_val_loss, "
                "seconds, seconds_per_epoch, images_per_s, device, versions, seed, checkpoint, "
                "rec_loss, kld_loss, stopped_early, precision, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
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
                    _float(val_loss),
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

    def record_diagnostics(self, cell_id: int, diagnostics: dict) -> None:
        warnings = [str(text) for text in diagnostics.get("warnings") or []]
        active = diagnostics.get("active_dims")
        with self._db.write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO diagnostics (cell_id, active_dims, warnings, data, "
                "recorded_at) VALUES (?, ?, ?, ?, ?)",
                (
                    cell_id,
                    None if active is None else int(active),
                    _json(warnings),
                    _json(diagnostics),
                    now_text(),
                ),
            )

    def record_reference(self, ref: dict) -> None:
        """A baseline (trivial predictor, or predictors on raw pixels), replaced on re-run."""
        if ref["kind"] not in REFERENCE_KINDS:
            raise ValueError(f"reference kind {ref['kind']!r} is not one of {REFERENCE_KINDS}")
        if ref["predictor"] not in REFERENCE_PREDICTORS:
            raise ValueError(
                f"reference predictor {ref['predictor']!r} is not one of {REFERENCE_PREDICTORS}"
            )
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO reference_results (config_hash, dataset, profile, seed, loss_net, "
                "kind, predictor, metric, value, val_loss, features, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (config_hash) DO UPDATE "
                "SET value = excluded.value, val_loss = excluded.val_loss, metric = "
                "excluded.metric, features = excluded.features, recorded_at = "
                "excluded.recorded_at",
                (
                    ref["config_hash"],
                    ref["dataset"],
                    ref.get("profile"),
                    ref.get("seed"),
                    ref.get("loss_net"),
                    ref["kind"],
                    ref["predictor"],
                    ref["metric"],
                    float(ref["value"]),
                    _float(ref.get("val_loss")),
                    ref.get("features"),
                    now_text(),
                ),
            )

    # ------------------------------------------------------------------ reads
    def get_cell(self, config_hash: str) -> dict | None:
        row = self._db.query_one("SELECT * FROM cells WHERE config_hash = ?", (config_hash,))
        return None if row is None else _cell_dict(row)

    def cells(self, experiment_id: int | None = None) -> list[dict]:
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
        """One record per tested predictor and per decoder retraining of a finished cell
        (DESIGN.md's contract): dataset, variant, z, loss_net, predictor (mlp|linear|decoder),
        metric, value, seed, train_seconds, the setting (gamma, epochs, batch_size, onscreen,
        precision) and the rest of `RECORD_KEYS`. Accuracy values are fractions in [0, 1].
        Cells not marked done (running, paused, failed) are left out: their rows may be partial.
        """
        where, params = _where(
            {
                "c.dataset": dataset,
                "c.loss_net": loss_net,
                "c.profile": profile,
                "c.status": "done",
            }
        )
        fit_columns = (
            "f.seconds AS train_seconds, f.seconds_per_epoch, f.images_per_s, "
            "f.epochs_run, f.best_epoch, f.device AS fit_device, f.precision AS fit_precision"
        )
        predictor_rows = self._db.query(
            f"SELECT c.*, p.predictor, p.architecture, p.val_loss, p.metric, p.value, "
            f"NULL AS decoder_epochs, {fit_columns} FROM predictors p "
            f"JOIN cells c ON c.id = p.cell_id LEFT JOIN fits f ON f.cell_id = c.id{where}",
            params,
        )
        decoder_rows = self._db.query(
            f"SELECT c.*, 'decoder' AS predictor, NULL AS architecture, NULL AS val_loss, "
            f"d.metric, d.value, d.epochs AS decoder_epochs, {fit_columns} FROM decoders d "
            f"JOIN cells c ON c.id = d.cell_id LEFT JOIN fits f ON f.cell_id = c.id{where}",
            params,
        )
        records = [_result_record(row) for row in [*predictor_rows, *decoder_rows]]
        return sorted(records, key=_sort_key)

    def autoencoder_records(
        self,
        dataset: str | Iterable[str] | None = None,
        loss_net: str | None = None,
        profile: str | None = None,
    ) -> list[dict]:
        """One record per finished cell (marked done): the cell, its setting, its fit and its
        diagnostics (``diagnostics`` is the stored dict or None)."""
        where, params = _where(
            {
                "c.dataset": dataset,
                "c.loss_net": loss_net,
                "c.profile": profile,
                "c.status": "done",
            }
        )
        rows = self._db.query(
            "SELECT c.*, f.epochs_run, f.best_epoch, f.best_val_loss, f.seconds AS "
            "train_seconds, f.seconds_per_epoch, f.images_per_s, f.device AS fit_device, "
            "f.precision AS fit_precision, "
            "f.rec_loss, f.kld_loss, f.stopped_early, f.checkpoint, f.versions, "
            "g.data AS diagnostics FROM fits f JOIN cells c ON c.id = f.cell_id "
            f"LEFT JOIN diagnostics g ON g.cell_id = c.id{where}",
            params,
        )
        records = []
        for row in rows:
            record = {key: row[key] for key in _CELL_KEYS}
            record.update(_setting_fields(row))
            record["device"] = row["fit_device"] or row["device"]
            for key in (
                "epochs_run",
                "best_epoch",
                "best_val_loss",
                "train_seconds",
                "seconds_per_epoch",
                "images_per_s",
                "rec_loss",
                "kld_loss",
                "checkpoint",
                "status",
                "config_hash",
            ):
                record[key] = row[key]
            record["cell_id"] = row["id"]
            record["stopped_early"] = (
                None if row["stopped_early"] is None else bool(row["stopped_early"])
            )
            record["versions"] = json.loads(row["versions"])
            record["diagnostics"] = (
                None if row["diagnostics"] is None else json.loads(row["diagnostics"])
            )
            records.append(record)
        return sorted(records, key=_sort_key)

    def get_reference(self, config_hash: str) -> dict | None:
        """The stored baseline with this key, or None (the runner skips what exists)."""
        row = self._db.query_one(
            "SELECT * FROM reference_results WHERE config_hash = ?", (config_hash,)
        )
        return None if row is None else {key: row[key] for key in row.keys() if key != "id"}

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

    def reference_records(
        self, dataset: str | Iterable[str] | None = None, profile: str | None = None
    ) -> list[dict]:
        where, params = _where({"dataset": dataset, "profile": profile})
        rows = self._db.query(f"SELECT * FROM reference_results{where} ORDER BY id", params)
        records = [{key: row[key] for key in row.keys() if key != "id"} for row in rows]
        return sorted(records, key=lambda r: (_sort_key(r), r["kind"], r["predictor"]))


def _cell_dict(row: Any) -> dict:
    cell = dict(row)
    cell["config"] = json.loads(cell["config"])
    return cell


def _setting_fields(row: Any) -> dict:
    """epochs, batch_size, onscreen, precision and run_seed of a cell row (with its fit's
    precision as ``fit_precision``). Cells stored before a field was recorded: onscreen is the
    paper's rule (the only one then stored implicitly), precision None (not recorded), and the
    run seed the seed (randomness then came from the seed alone)."""
    config = json.loads(row["config"]) if isinstance(row["config"], str) else row["config"]
    return {
        "epochs": config.get("epochs"),
        "batch_size": config.get("batch_size"),
        "onscreen": config.get("onscreen", "paper"),
        "precision": row["fit_precision"] or config.get("precision"),
        "run_seed": config.get("run_seed", row["seed"]),
    }


def _result_record(row: Any) -> dict:
    values = dict(row)
    values.update(_setting_fields(row))
    values["cell_id"] = values["id"]
    values["device"] = values.pop("fit_device") or values["device"]
    return {key: values.get(key) for key in RECORD_KEYS}
