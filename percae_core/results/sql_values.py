"""How the stores turn Python values into SQLite values: JSON text, floats without NaN, and
``WHERE`` clauses for equality filters."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any


def to_json(value: Any) -> str:
    """Sorted-key JSON of ``value``; numpy scalars, one-element tensors and paths included."""
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


def to_float(value: Any) -> float | None:
    """``value`` as a float; None and NaN are stored as NULL."""
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def where_equal(column_filters: dict[str, Any]) -> tuple[str, list[Any]]:
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


def sql_value(value: Any) -> Any:
    """One field of a typed row as SQLite stores it: booleans as 0/1, floats without NaN,
    mappings and sequences as JSON, paths as text."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return to_float(value)
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (Mapping, list, tuple)):
        return to_json(value)
    return value


def row_columns(row: Any) -> tuple[list[str], list[Any]]:
    """A frozen dataclass row's field names (its columns) and their SQLite values."""
    names = [item.name for item in fields(row)]
    return names, [sql_value(getattr(row, name)) for name in names]
