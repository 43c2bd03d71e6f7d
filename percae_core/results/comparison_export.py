"""`percae compare`'s output: JSON and CSV records, and Markdown with one table per family."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import fields

from percae_core.results.comparison_text import COLUMNS, comparison_row, comparisons_caption
from percae_core.results.comparisons import ComparisonRecord
from percae_core.results.export import render_json, render_table
from percae_core.results.settings import SETTING_KEYS, value_text
from percae_core.results.table_data import Table, dataset_title

KEYS = tuple(f.name for f in fields(ComparisonRecord))


def comparisons_json(records: Sequence[ComparisonRecord]) -> str:
    return render_json([record.as_dict() for record in records])


def comparisons_csv(records: Sequence[ComparisonRecord]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=KEYS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: "" if v is None else v for k, v in record.as_dict().items()})
    return buffer.getvalue()


def comparison_tables(records: Sequence[ComparisonRecord]) -> list[Table]:
    """One table per family (setting, dataset, predictor), as `percae compare` and the TUI's
    comparisons view show them."""
    families: dict[tuple, list[ComparisonRecord]] = defaultdict(list)
    for record in records:
        setting = tuple(getattr(record, key) for key in SETTING_KEYS)
        families[(setting, record.dataset, record.predictor)].append(record)
    tables = []
    for (setting, dataset, predictor), family in families.items():
        where = ", ".join(value_text(k, v) for k, v in zip(SETTING_KEYS, setting))
        tables.append(
            Table(
                key=f"{dataset}-{predictor}",
                title=f"{dataset_title(dataset)}, {predictor}: {where}",
                caption=comparisons_caption(family),
                columns=COLUMNS,
                rows=tuple(comparison_row(record) for record in family),
            )
        )
    return tables


def comparisons_markdown(records: Sequence[ComparisonRecord]) -> str:
    parts = ["# percae comparisons", *(render_table(t) for t in comparison_tables(records))]
    return "\n\n".join(parts) + "\n"
