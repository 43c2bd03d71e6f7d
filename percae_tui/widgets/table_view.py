"""A results `Table` (Tables II-VIII, the overhead table) shown as a sortable DataTable.

The sorted column carries an arrow in its header (up: ascending, down: descending). The
"Any" row (the best z per variant, built in `percae_core.results.tables`) summarises the z rows,
so it stays below them whatever the order.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from percae_core.results.table_data import Table

SUMMARY_ROW = "Any"
ARROWS = {False: " ▲", True: " ▼"}
WRAP_AT = 20
"""A cell longer than this puts its parenthesis ("(n=2; paper 13.44)") on a second line, so
every variant's column fits the screen."""


NARROW_SCREEN = 110
NARROW_WRAP_AT = 12
"""Below this many columns each part of a parenthesis gets its own line as well."""


def shown_cell(text: str, narrow: bool = False) -> str:
    """``"8.20 ± 1.30 (n=2; paper 13.44)"`` -> the value, and its parenthesis below it (on a
    narrow screen one line per part of it)."""
    if len(text) <= (NARROW_WRAP_AT if narrow else WRAP_AT) or " (" not in text:
        return text
    value, rest = text.split(" (", 1)
    if narrow:
        rest = rest.replace("; ", ";\n")
    return f"{value}\n({rest}"


def cell_key(text: str) -> tuple:
    """Numbers ("13.2", "61.4 ± 0.3 (n=3)", "+12.0%") by value, then text alphabetically."""
    try:
        return (0, float(text.split()[0].rstrip("%").replace("+", "")), "")
    except (ValueError, IndexError):
        return (1, 0.0, text)


class TableView(DataTable):
    """Click a column header (or press the screen's sort key) to sort by that column."""

    def __init__(self, table: Table | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.table = table
        self.cursor_type = "none"
        self.zebra_stripes = True
        self.sort_column: int | None = None
        self.sort_reverse = False

    def on_mount(self) -> None:
        self.show_table(self.table)

    def show_table(self, table: Table | None) -> None:
        if table == self.table and self.columns:
            return
        self.table = table
        self._draw()

    def _draw(self) -> None:
        table = self.table
        self.clear(columns=True)
        if table is None:
            return
        self.add_columns(
            *(
                name + (ARROWS[self.sort_reverse] if i == self.sort_column else "")
                for i, name in enumerate(table.columns)
            )
        )
        narrow = self.app.size.width < NARROW_SCREEN
        for index in self._row_order():
            row = table.rows[index]
            best = table.best[index] if index < len(table.best) else None
            cells = [shown_cell(text, narrow) for text in row]
            self.add_row(
                *(
                    Text(text, style="bold green" if i == best else "")
                    for i, text in enumerate(cells)
                ),
                height=max(text.count("\n") + 1 for text in cells),
            )

    def _row_order(self) -> list[int]:
        assert self.table is not None
        rows = self.table.rows
        order = list(range(len(rows)))
        if self.sort_column is not None:
            column = self.sort_column
            order.sort(key=lambda i: cell_key(str(rows[i][column])), reverse=self.sort_reverse)
        return [i for i in order if rows[i][0] != SUMMARY_ROW] + [
            i for i in order if rows[i][0] == SUMMARY_ROW
        ]

    def sort_by(self, column: int) -> None:
        """Sort rows by ``column``; choosing the same column again reverses the order."""
        if self.table is None or not self.table.columns:
            return
        column = column % len(self.table.columns)
        self.sort_reverse = (not self.sort_reverse) if column == self.sort_column else False
        self.sort_column = column
        self._draw()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_by(event.column_index)
