"""Queue screen: compose experiments in a form; start, pause, cancel, reorder, re-run them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Label

from percae_core.errors import PercaeError
from percae_core.results.db import ResultsDB
from percae_tui.queue_state import QueueState
from percae_tui.screens.state_view import StateView
from percae_tui.widgets.queue.experiment_form import ExperimentForm
from percae_tui.widgets.queue.queue_table import QueueTable

STOPPABLE = ("running",)
STARTABLE = ("queued", "paused", "failed", "cancelled", "interrupted")


class QueueScreen(StateView):
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield ExperimentForm(id="form")
            with Vertical(id="queue-pane"):
                yield Label("Queue (runs top to bottom; stored in the database)", classes="title")
                yield QueueTable(id="queue-table")
                yield Label("The queue is empty.", id="queue-summary")
        yield Footer()

    def show_state(self, state: QueueState) -> None:
        self.query_one(QueueTable).show_items(state.items)
        counts = state.counts()
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        self.query_one("#queue-summary", Label).update(summary or "The queue is empty.")

    @property
    def home(self):
        return self.app.home  # type: ignore[attr-defined]

    def on_experiment_form_submitted(self, message: ExperimentForm.Submitted) -> None:
        try:
            with ResultsDB.open(self.home.database) as db:
                item_id = db.add_queue_item(message.request.to_dict())
        except PercaeError as exc:
            self.app.show_error(exc)  # type: ignore[attr-defined]
            return
        self.notify(f"Queued item {item_id}. Select it and press s to start the queue.")
        self.app.refresh_state()  # type: ignore[attr-defined]

    def on_queue_table_action(self, message: QueueTable.Action) -> None:
        app = self.app
        item = next((i for i in app.state.items if i.id == message.item_id), None)  # type: ignore[attr-defined]
        if item is None:
            return
        action = message.action
        try:
            if action == "start":
                if item.status not in STARTABLE:
                    self.notify(
                        f"Item {item.id} is {item.status}; nothing to start.", severity="warning"
                    )
                    return
                app.start_item(item.id)  # type: ignore[attr-defined]
            elif action in ("pause", "cancel"):
                if item.status not in STOPPABLE:
                    self.notify(f"Item {item.id} is not running.", severity="warning")
                    return
                app.request_stop(item.id, action)  # type: ignore[attr-defined]
            else:
                self._edit(item.id, item.status, action)
        except PercaeError as exc:
            app.show_error(exc)  # type: ignore[attr-defined]

    def _edit(self, item_id: int, status: str, action: str) -> None:
        with ResultsDB.open(self.home.database) as db:
            if action == "rerun":
                if status == "running":
                    self.notify("It is running already.", severity="warning")
                    return
                db.update_queue_item(
                    item_id, status="queued", message=None, progress=None, finished_at=None
                )
                self.notify(
                    f"Item {item_id} queued again; finished cells are reused, an "
                    "interrupted fit resumes from its last epoch."
                )
            elif action in ("up", "down"):
                db.move_queue_item(item_id, -1 if action == "up" else 1)
            elif action == "delete":
                if status == "running":
                    self.notify("Cancel it (x) before removing it.", severity="warning")
                    return
                db.delete_queue_item(item_id)
        self.app.refresh_state()  # type: ignore[attr-defined]
