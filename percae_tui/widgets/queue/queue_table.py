"""The queue as a table; the Queue screen's keys act on the highlighted item."""

from __future__ import annotations

from textual.widgets import DataTable

from percae_core.statuses import QueueStatus
from percae_tui.queue_state import QueueItem


def progress_text(item: QueueItem) -> str:
    """What a running item is doing, or why a finished one ended."""
    p = item.progress
    if item.status == QueueStatus.RUNNING:
        parts = []
        if p.cells_total:
            parts.append(f"cell {min(p.cells_done + 1, p.cells_total)}/{p.cells_total}")
        if len(p.running) > 1:
            parts.append(f"{len(p.running)} cells running")
        elif p.running:
            cell = p.running[0]
            parts.append(cell.label)
            if cell.epochs:
                parts.append(f"epoch {cell.epoch}/{cell.epochs}")
        if item.request:
            parts.append(f"({item.request} requested)")
        return shortened("  ".join(parts) or p.stage_text)
    return shortened((item.message or "").replace("\n", " "))


def shortened(text: str, limit: int = 30) -> str:
    """A cell that cannot push the Experiment column off-screen (the full text is on Live)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def detail_text(item: QueueItem) -> str:
    """The highlighted item in full, below the table (its row cuts the experiment short)."""
    p = item.progress
    doing = (item.message or "") if item.status != QueueStatus.RUNNING else p.stage_text
    return f"Item {item.id} ({item.status}): {item.summary}" + (f"\n{doing}" if doing else "")


class QueueTable(DataTable):
    """Rows are queue items in run order."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.add_columns("#", "Status", "Progress / result", "Experiment")

    def show_items(self, items: tuple[QueueItem, ...]) -> None:
        selected = self.selected_id
        self.clear()
        for item in items:
            self.add_row(
                str(item.id), item.status, progress_text(item), item.summary, key=str(item.id)
            )
        if selected is not None and any(i.id == selected for i in items):
            self.move_cursor(row=self.get_row_index(str(selected)))

    @property
    def selected_id(self) -> int | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return None if key.value is None else int(key.value)
