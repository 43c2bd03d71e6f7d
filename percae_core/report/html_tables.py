"""The results tables as HTML: the same `Table` objects and cell texts as the Markdown export
(`percae_core.results.export.render_table`), so the report and `percae results` agree."""

from __future__ import annotations

from html import escape

from percae_core.results.comparison_text import COLUMNS, comparison_row, comparisons_caption
from percae_core.results.table_data import Table


def table_html(table: Table) -> str:
    """Title, caption, the grid (a row's best value in bold) and the table's notes."""
    head = "".join(f"<th>{escape(column)}</th>" for column in table.columns)
    body = []
    for index, row in enumerate(table.rows):
        best = table.best[index] if index < len(table.best) else None
        cells = []
        for column, text in enumerate(row):
            tag = "th" if column == 0 else "td"
            content = f"<strong>{escape(text)}</strong>" if column == best else escape(text)
            cells.append(f"<{tag}>{content}</{tag}>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    notes = "".join(f"<li>{escape(note)}</li>" for note in table.notes)
    return _grid(table, head, body, notes) + _comparisons(table)


def _grid(table: Table, head: str, body: list[str], notes: str) -> str:
    return (
        f'<section class="table" id="table-{escape(table.key)}">'
        f"<h3>{escape(table.title)}</h3>"
        f'<p class="caption">{escape(table.caption)}</p>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        + (f'<ul class="notes">{notes}</ul>' if notes else "")
        + "</section>"
    )


def _comparisons(table: Table) -> str:
    """The table's comparisons with their twins, as under the Markdown table."""
    if not table.comparisons:
        return ""
    head = "".join(f"<th>{escape(column)}</th>" for column in COLUMNS)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<{'th' if i == 0 else 'td'}>{escape(text)}</{'th' if i == 0 else 'td'}>"
            for i, text in enumerate(comparison_row(record))
        )
        + "</tr>"
        for record in table.comparisons
    )
    return (
        f'<section class="comparisons" id="comparisons-{escape(table.key)}">'
        f'<p class="caption">Comparisons: {escape(comparisons_caption(table.comparisons))}</p>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>"
    )


def list_html(items: list[str], css_class: str) -> str:
    return f'<ul class="{css_class}">' + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"
