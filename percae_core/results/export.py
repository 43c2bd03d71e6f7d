"""Results as text: the tables as Markdown, the records as CSV or JSON (DESIGN.md's contract)."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence

from percae_core.results.cell_records import RECORD_KEYS
from percae_core.results.comparison_text import COLUMNS, comparison_row, comparisons_caption
from percae_core.results.table_data import Section, Table


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_table(table: Table) -> str:
    """One table: title, caption, the grid (best value of a row in bold), then its notes."""
    lines = [f"### {table.title}", "", f"*{table.caption}*", ""]
    lines.append("| " + " | ".join(_cell(c) for c in table.columns) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(table.columns) - 1)) + "|")
    for index, row in enumerate(table.rows):
        best = table.best[index] if index < len(table.best) else None
        cells = [f"**{_cell(text)}**" if i == best else _cell(text) for i, text in enumerate(row)]
        lines.append("| " + " | ".join(cells) + " |")
    if table.notes:
        lines.append("")
        lines.extend(f"- {note}" for note in table.notes)
    if table.comparisons:
        lines.extend(["", _comparisons_grid(table)])
    return "\n".join(lines)


def _comparisons_grid(table: Table) -> str:
    """The comparisons under a table: caption (n, method, Holm) and one row each."""
    lines = [f"*Comparisons: {comparisons_caption(table.comparisons)}*", ""]
    lines.append("| " + " | ".join(COLUMNS) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(COLUMNS) - 1)) + "|")
    for record in table.comparisons:
        lines.append("| " + " | ".join(_cell(c) for c in comparison_row(record)) + " |")
    return "\n".join(lines)


def render_markdown(sections: Sequence[Section], heading: str = "percae results") -> str:
    """Every section: a heading per (loss network, profile), its tables, then its warnings."""
    parts = [f"# {heading}"]
    for section in sections:
        parts.append(f"## {section.heading}")
        parts.extend(render_table(table) for table in section.tables)
        if section.warnings:
            parts.append("### Warnings\n\n" + "\n".join(f"- {w}" for w in section.warnings))
    return "\n\n".join(parts) + "\n"


def _plain(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def render_csv(records: Sequence[dict]) -> str:
    """One row per record; columns `RECORD_KEYS` first, then any extra keys, sorted."""
    extra = sorted({key for record in records for key in record} - set(RECORD_KEYS))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*RECORD_KEYS, *extra], lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: "" if value is None else value for key, value in record.items()})
    return buffer.getvalue()


def render_json(records: Sequence[dict]) -> str:
    """The list of records, as DESIGN.md fixes it (NaN written as null)."""
    return json.dumps([{k: _plain(v) for k, v in r.items()} for r in records], indent=2) + "\n"
