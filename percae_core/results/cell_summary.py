"""The rows of `percae bench`'s end summary: one per cell of the study just run, in the order
every table and export lists records (`record_order.py`), each number written as the tables
write it (the metric registry's unit, percent and decimals)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from percae_core.results.summary import number_text, shown_value, unit_of


def value_text(metric: str, value: float | None) -> str:
    """``46.0 %``, ``8.36 px``, ``0.03125`` (no unit); ``-`` where there is no value."""
    if value is None:
        return "-"
    return f"{number_text(metric, shown_value(metric, value))} {unit_of(metric)}".rstrip()


@dataclass(frozen=True)
class CellSummaryRow:
    """One cell: what it is, and per predictor (mlp, linear, decoder) its value as text."""

    dataset: str
    variant: str
    z: int
    seed: int | None
    repeat: int
    loss_net: str | None
    train_seconds: float | None
    values: dict[str, str] = field(default_factory=dict)


def cell_summary_rows(records: Iterable[dict], cells: Collection[str]) -> list[CellSummaryRow]:
    """The rows of the cells whose identity (``config_hash``) is in ``cells``; ``records`` are
    `result_records`, already in table order, so the rows are too."""
    rows: dict[str, CellSummaryRow] = {}
    for record in records:
        if record["config_hash"] not in cells:
            continue
        row = rows.setdefault(
            record["config_hash"],
            CellSummaryRow(
                record["dataset"],
                record["variant"],
                record["z"],
                record.get("seed"),
                record.get("repeat") or 0,
                record.get("loss_net"),
                record.get("train_seconds"),
            ),
        )
        row.values[record["predictor"]] = value_text(record["metric"], record["value"])
    return list(rows.values())
