"""The cells running at once (Ray executor), one compact row each: name, stage, epoch and batch
progress, latest loss. Hidden while fewer than two cells run: the status panel above then says
it all. Highlighting a row makes the charts follow that cell."""

from __future__ import annotations

from typing import Any

from textual.message import Message
from textual.widgets import DataTable

from percae_core.events import CellKey
from percae_core.runner.progress_record import CellProgress
from percae_tui.live_progress import cell_progress

COLUMNS = ("Running cell (Enter: its charts)", "Stage", "Progress", "Latest loss")


def progress_words(cell: CellProgress) -> str:
    """E.g. ``epoch 1/2 batch 3/5`` while it trains, ``12/38 epochs`` for a counted step."""
    if cell.fitting and cell.epochs:
        batch = f" batch {cell.batch}/{cell.batches}" if cell.batch and cell.batches else ""
        return f"epoch {cell.epoch}/{cell.epochs}{batch}"
    if cell.step is not None and cell.step.total:
        return f"{cell.step.done:,}/{cell.step.total:,} {cell.step.unit}"
    return "-"


def latest_loss(cell: CellProgress) -> str:
    """The newest loss the cell reported: the running batch's, else the last epoch's."""
    if cell.fitting and cell.batch and cell.batch_loss is not None:
        return f"batch {cell.batch_loss:.4g}"
    if cell.val_loss is not None:
        return f"train {cell.train_loss or 0.0:.4g} val {cell.val_loss:.4g}"
    return "-"


def cell_row(cell: CellProgress) -> tuple[str, str, str, str]:
    stage = cell.stage.title
    counted = cell_progress(cell)
    if counted.total and not cell.fitting:
        stage = f"{stage} ({int(100 * counted.done / counted.total)}%)"
    return (cell.label, stage, progress_words(cell), latest_loss(cell))


class RunningCells(DataTable):
    """One row per running cell, in the order they started."""

    class Followed(Message):
        """The user selected a running cell: the charts should show its group."""

        def __init__(self, key: CellKey | None) -> None:
            super().__init__()
            self.key = key

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cursor_type = "row"
        self.display = self.can_focus = False  # until two cells run: no focus taken meanwhile
        self.keys: list[CellKey | None] = []
        self.shown: tuple[tuple[str, str, str, str], ...] = ()

    def on_mount(self) -> None:
        self.add_columns(*COLUMNS)

    def show_cells(self, cells: list[CellProgress]) -> None:
        self.display = self.can_focus = len(cells) > 1
        rows = tuple(cell_row(cell) for cell in cells)
        if rows == self.shown:
            return
        self.shown = rows
        selected = self.cursor_row if self.row_count else 0
        self.clear()
        for index, row in enumerate(rows):
            self.add_row(*row, key=str(index))
        self.keys = [cell.key for cell in cells]
        if rows:
            self.move_cursor(row=min(selected, len(rows) - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.keys):
            self.post_message(self.Followed(self.keys[event.cursor_row]))
