"""The reference baselines of a dataset (``db.references`` of `ResultsDB`): the trivial
predictor (mean or majority) and the predictors trained on raw pixels, which every table
compares the autoencoders against."""

from __future__ import annotations

from collections.abc import Iterable

from percae_core.results.connection import Connection
from percae_core.results.record_order import record_sort_key
from percae_core.results.schema import now_text
from percae_core.results.sql_values import to_float, where_equal

REFERENCE_KINDS = ("trivial", "pixels")
REFERENCE_PREDICTORS = ("mean", "majority", "mlp", "linear")


class ReferenceStore:
    """The references aggregate, on the connection that `ResultsDB` opened."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def record(self, ref: dict) -> None:
        """A baseline (trivial predictor, or predictors on raw pixels), replaced on re-run;
        ``onscreen`` is the off-screen rule it was measured under."""
        if ref["kind"] not in REFERENCE_KINDS:
            raise ValueError(f"reference kind {ref['kind']!r} is not one of {REFERENCE_KINDS}")
        if ref["predictor"] not in REFERENCE_PREDICTORS:
            raise ValueError(
                f"reference predictor {ref['predictor']!r} is not one of {REFERENCE_PREDICTORS}"
            )
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO reference_results (config_hash, dataset, profile, seed, loss_net, "
                "kind, predictor, metric, value, val_loss, features, onscreen, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (config_hash) DO "
                "UPDATE SET value = excluded.value, val_loss = excluded.val_loss, metric = "
                "excluded.metric, features = excluded.features, onscreen = excluded.onscreen, "
                "recorded_at = excluded.recorded_at",
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
                    to_float(ref.get("val_loss")),
                    ref.get("features"),
                    ref.get("onscreen"),
                    now_text(),
                ),
            )

    def set_rule(self, config_hash: str, onscreen: str) -> None:
        """Record the off-screen rule of a baseline stored before rules were recorded (its key
        says which rule it was measured under); a recorded rule is never changed."""
        with self._db.write() as conn:
            conn.execute(
                "UPDATE reference_results SET onscreen = ? "
                "WHERE config_hash = ? AND onscreen IS NULL",
                (onscreen, config_hash),
            )

    def get(self, config_hash: str) -> dict | None:
        """The stored baseline with this key, or None (the runner skips what exists)."""
        row = self._db.query_one(
            "SELECT * FROM reference_results WHERE config_hash = ?", (config_hash,)
        )
        return None if row is None else {key: row[key] for key in row.keys() if key != "id"}

    def records(
        self, dataset: str | Iterable[str] | None = None, profile: str | None = None
    ) -> list[dict]:
        """Every stored baseline (of these datasets and this profile), in table order."""
        where, params = where_equal({"dataset": dataset, "profile": profile})
        rows = self._db.query(f"SELECT * FROM reference_results{where} ORDER BY id", params)
        records = [{key: row[key] for key in row.keys() if key != "id"} for row in rows]
        return sorted(records, key=lambda r: (record_sort_key(r), r["kind"], r["predictor"]))
