"""A results `Table` (Tables II-VIII, the overhead table) shown as a sortable DataTable."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from percae_core.results.table_data import Table


class TableView(DataTable):
    """Click a column header (or press the screen's sort key) to sort by that column."""

    def __init__(self, table: Table | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.table = table
        self.cursor_type = "none"
        self.zebra_stripes = True
        self.sort_column = 0
        self.sort_reverse = False

    def on_mount(self) -> None:
        self.show_table(self.table)

    def show_table(self, table: Table | None) -> None:
        if table == self.table and self.columns:
            return
        self.table = table
        self.clear(columns=True)
        if table is None:
            return
        self.add_columns(*table.columns)
        for index, row in enumerate(table.rows):
            best = table.best[index] if index < len(table.best) else None
            self.add_row(
                *(Text(text, style="bold green" if i == best else "") for i, text in enumerate(row))
            )

    def sort_by(self, column: int) -> None:
        """Sort rows by ``column``; choosing the same column again reverses the order."""
        if self.table is None or not self.table.columns:
            return
        column = column % len(self.table.columns)
        self.sort_reverse = (not self.sort_reverse) if column == self.sort_column else False
        self.sort_column = column
        keys = list(self.columns)
        self.sort(keys[column], key=self._cell_key, reverse=self.sort_reverse)

    @staticmethod
    def _cell_key(cell: object) -> tuple:
        """Numbers ("13.2", "61.4 ± 0.3 (n=3)", "+12.0%") by value, then text alphabetically."""
        text = str(cell.plain if isinstance(cell, Text) else cell)
        try:
            return (0, float(text.split()[0].rstrip("%").replace("+", "")), "")
        except (ValueError, IndexError):
            return (1, 0.0, text)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_by(event.column_index)
