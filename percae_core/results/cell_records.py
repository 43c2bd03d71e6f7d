"""The records read back from finished cells: one per tested predictor or decoder retraining
(`result_records`, the fixed JSON contract of DESIGN.md that `percae results --format json`
prints) and one per autoencoder (`autoencoder_records`). `CellStore` exposes both."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from percae_core.data.geometry import PAPER_GEOMETRY
from percae_core.evaluation.predictor_protocols import DEFAULT_PROTOCOL
from percae_core.models.loss_settings import effective
from percae_core.results.connection import Connection
from percae_core.results.record_order import PERCEPTUAL_VARIANTS, record_sort_key
from percae_core.results.sql_values import where_equal
from percae_core.statuses import CellStatus

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
    "distance",
    "input_norm",
    "geometry",
    "predictor_protocol",
    "profile",
    "repeat",
    "run_seed",
    "device",
    "val_loss",
    "architecture",
    "decoder_epochs",
    "seconds_per_epoch",
    "images_per_s",
    "torch_threads",
    "cpu_seconds",
    "epochs_run",
    "best_epoch",
    "status",
    "config_hash",
    "cell_id",
    "experiment_id",
)

_CELL_KEYS = ("dataset", "variant", "z", "loss_net", "profile", "seed", "repeat", "gamma", "device")
_FIT_KEYS = (
    "epochs_run",
    "best_epoch",
    "best_val_loss",
    "train_seconds",
    "seconds_per_epoch",
    "images_per_s",
    "torch_threads",
    "cpu_seconds",
    "rec_loss",
    "kld_loss",
    "checkpoint",
    "status",
    "config_hash",
)


def _done_cells(
    dataset: str | Iterable[str] | None, loss_net: str | None, profile: str | None
) -> tuple[str, list[Any]]:
    return where_equal(
        {
            "c.dataset": dataset,
            "c.loss_net": loss_net,
            "c.profile": profile,
            "c.status": CellStatus.DONE,
        }
    )


def result_records(
    db: Connection,
    dataset: str | Iterable[str] | None = None,
    loss_net: str | None = None,
    profile: str | None = None,
) -> list[dict]:
    """One record per tested predictor and per decoder retraining of a finished cell: dataset,
    variant, z, loss_net, predictor (mlp|linear|decoder), metric, value, seed, train_seconds,
    the setting (gamma, epochs, batch_size, onscreen, precision, distance, input_norm, geometry)
    and the rest of `RECORD_KEYS`.
    Accuracy values are fractions in [0, 1]. Cells not marked done (running, paused, failed)
    are left out: their rows may be partial."""
    where, params = _done_cells(dataset, loss_net, profile)
    fit_columns = (
        "f.seconds AS train_seconds, f.seconds_per_epoch, f.images_per_s, "
        "f.torch_threads, f.cpu_seconds, f.epochs_run, f.best_epoch, f.device AS fit_device, "
        "f.precision AS fit_precision"
    )
    predictor_rows = db.query(
        f"SELECT c.*, p.predictor, p.architecture, p.val_loss, p.metric, p.value, "
        f"NULL AS decoder_epochs, {fit_columns} FROM predictors p "
        f"JOIN cells c ON c.id = p.cell_id LEFT JOIN fits f ON f.cell_id = c.id{where}",
        params,
    )
    decoder_rows = db.query(
        f"SELECT c.*, 'decoder' AS predictor, NULL AS architecture, NULL AS val_loss, "
        f"d.metric, d.value, d.epochs AS decoder_epochs, {fit_columns} FROM decoders d "
        f"JOIN cells c ON c.id = d.cell_id LEFT JOIN fits f ON f.cell_id = c.id{where}",
        params,
    )
    records = [_result_record(row) for row in [*predictor_rows, *decoder_rows]]
    return sorted(records, key=record_sort_key)


def autoencoder_records(
    db: Connection,
    dataset: str | Iterable[str] | None = None,
    loss_net: str | None = None,
    profile: str | None = None,
) -> list[dict]:
    """One record per finished cell (marked done): the cell, its setting, its fit and its
    diagnostics (``diagnostics`` is the stored dict or None)."""
    where, params = _done_cells(dataset, loss_net, profile)
    rows = db.query(
        "SELECT c.*, f.epochs_run, f.best_epoch, f.best_val_loss, f.seconds AS "
        "train_seconds, f.seconds_per_epoch, f.images_per_s, f.device AS fit_device, "
        "f.precision AS fit_precision, f.torch_threads, f.cpu_seconds, "
        "f.rec_loss, f.kld_loss, f.stopped_early, f.checkpoint, f.versions, "
        "g.data AS diagnostics FROM fits f JOIN cells c ON c.id = f.cell_id "
        f"LEFT JOIN diagnostics g ON g.cell_id = c.id{where}",
        params,
    )
    return sorted((_autoencoder_record(row) for row in rows), key=record_sort_key)


def _autoencoder_record(row: Any) -> dict:
    record = {key: row[key] for key in _CELL_KEYS}
    record.update(_setting_fields(row))
    record["device"] = row["fit_device"] or row["device"]
    for key in _FIT_KEYS:
        record[key] = row[key]
    record["cell_id"] = row["id"]
    record["stopped_early"] = None if row["stopped_early"] is None else bool(row["stopped_early"])
    record["versions"] = json.loads(row["versions"])
    record["diagnostics"] = None if row["diagnostics"] is None else json.loads(row["diagnostics"])
    return record


def _setting_fields(row: Any) -> dict:
    """epochs, batch_size, onscreen, precision, distance, input_norm, geometry, predictor protocol
    and run_seed of a
    cell row (with its fit's precision as ``fit_precision``). Cells stored before a field was
    recorded: onscreen is the paper's rule (the only one then stored implicitly), precision None
    (not recorded), the distance and normalisation the loss network's own, the geometry the
    paper's, and the run seed the seed (randomness then came from the seed alone)."""
    config = json.loads(row["config"]) if isinstance(row["config"], str) else row["config"]
    distance, input_norm = row["distance"], row["input_norm"]
    if row["variant"] in PERCEPTUAL_VARIANTS and distance is None:
        distance, input_norm = effective(row["loss_net"], None, None)
    return {
        "distance": distance,
        "input_norm": input_norm,
        "geometry": row["geometry"] or PAPER_GEOMETRY,
        "predictor_protocol": config.get("predictor_protocol", DEFAULT_PROTOCOL),
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
