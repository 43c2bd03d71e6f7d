"""Queue screen: compose experiments in a form; start, pause, cancel, reorder, re-run them.

The screen draws at once; the form follows in a fraction of a second: its choices come from the
engine's registries, which import no torch, read in a worker thread because each dataset's
readiness is read from the home. That thread then loads torch (the check of a queued item's
model size needs it), so Add to queue does not wait for it. The keys act on the highlighted
queue item wherever the focus is, except while typing in a field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Label

from percae_core.errors import PercaeError
from percae_core.results.db import ResultsDB
from percae_core.statuses import QueueStatus
from percae_tui.form_choices import load_form_choices, warm_up_request_check
from percae_tui.messages import FormChoicesLoaded
from percae_tui.queue_state import QueueState
from percae_tui.screens.state_view import StateView
from percae_tui.widgets.queue.queue_table import QueueTable, detail_text

if TYPE_CHECKING:
    from percae_core.paths import Home
    from percae_tui.widgets.queue.experiment_form import ExperimentForm

STOPPABLE = (QueueStatus.RUNNING,)
STARTABLE = (
    QueueStatus.QUEUED,
    QueueStatus.PAUSED,
    QueueStatus.FAILED,
    QueueStatus.CANCELLED,
    QueueStatus.INTERRUPTED,
)
EMPTY_QUEUE = (
    "The queue is empty. First steps: pick a dataset and a profile in the form (smoke: a "
    "two-minute check on 2 CPU cores), press Add to queue, then s to start it and F3 to "
    "watch it."
)
LOADING = "Reading which datasets this home has..."


class QueueScreen(StateView):
    BINDINGS = [
        Binding("s", "act('start')", "Start", id="queue.start"),
        Binding("p", "act('pause')", "Pause", id="queue.pause"),
        Binding("x", "act('cancel')", "Cancel", id="queue.cancel"),
        Binding("r", "act('rerun')", "Queue again", id="queue.rerun"),
        Binding("shift+up,k", "act('up')", "Move up", id="queue.up", show=False),
        Binding("shift+down,j", "act('down')", "Move down", id="queue.down", show=False),
        Binding("delete,d", "act('delete')", "Remove", id="queue.delete", show=False),
    ]

    form_ready = False
    """The experiment form has replaced its loading label."""
    state_seen = False
    """A queue state has been shown (before it, an empty queue only means "not read yet")."""
    first_focus_given = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with VerticalScroll(id="form", can_focus=False):
                yield Label(LOADING, id="form-loading", classes="wrapped")
            with Vertical(id="queue-pane"):
                yield Label("Queue (runs top to bottom; stored in the database)", classes="title")
                yield QueueTable(id="queue-table")
                yield Label("", id="queue-detail", classes="wrapped")
                yield Label(EMPTY_QUEUE, id="queue-summary", classes="wrapped")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load_choices()

    @work(thread=True, exclusive=True, group="form-choices")
    def load_choices(self) -> None:
        try:
            choices = load_form_choices(self.home)
        except PercaeError as exc:
            self.post_message(FormChoicesLoaded(None, f"{exc.message} {exc.hint or ''}"))
            return
        self.post_message(FormChoicesLoaded(choices))
        warm_up_request_check()

    async def on_form_choices_loaded(self, message: FormChoicesLoaded) -> None:
        slot = self.query_one("#form", VerticalScroll)
        if message.choices is None:
            self.query_one("#form-loading", Label).update(message.error or "")
            return
        from percae_tui.widgets.queue.experiment_form import ExperimentForm

        await slot.remove_children()
        form = ExperimentForm(message.choices, id="experiment-form")
        await slot.mount(form)
        self.form_ready = True
        self.give_first_focus()

    def give_first_focus(self) -> None:
        """Once the form and the queue are both known: the queue table when it has items, else
        the form's Add button, so the first key a newcomer presses does something. Waiting for
        both keeps the result independent of which of the two loads first."""
        if self.first_focus_given or not (self.form_ready and self.state_seen):
            return
        self.first_focus_given = True
        if self.percae_app.state.items:
            self.query_one(QueueTable).focus()
        else:
            # without scrolling to it: the form stays at its top, Datasets and Profile in view
            self.query_one("#add").focus(scroll_visible=False)

    def show_state(self, state: QueueState) -> None:
        table = self.query_one(QueueTable)
        table.show_items(state.items)
        counts = state.counts()
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        if summary:
            summary += ". s starts the highlighted item (and the rest of the queue after it)."
        self.query_one("#queue-summary", Label).update(summary or EMPTY_QUEUE)
        self.show_detail()
        self.state_seen = self.state_seen or state.loaded
        if state.items and self.focused is None:
            table.focus()
        self.give_first_focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        item_id = self.query_one(QueueTable).selected_id
        item = next((i for i in self.percae_app.state.items if i.id == item_id), None)
        self.query_one("#queue-detail", Label).update(detail_text(item) if item else "")

    def action_act(self, action: str) -> None:
        item_id = self.query_one(QueueTable).selected_id
        if item_id is None:
            self.notify(
                "The queue is empty: fill in the form and press Add to queue first.",
                severity="warning",
            )
            return
        self.act_on(item_id, action)

    @property
    def home(self) -> Home:
        return self.percae_app.home

    def on_experiment_form_submitted(self, message: ExperimentForm.Submitted) -> None:
        try:
            with ResultsDB.open(self.home.database) as db:
                item_id = db.queue.add_item(message.request.to_dict())
        except PercaeError as exc:
            self.percae_app.show_error(exc)
            return
        self.notify(f"Queued item {item_id}. Select it and press s to start the queue.")
        self.percae_app.refresh_state()

    def act_on(self, item_id: int, action: str) -> None:
        app = self.percae_app
        item = next((i for i in app.state.items if i.id == item_id), None)
        if item is None:
            return
        try:
            if action == "start":
                if item.status not in STARTABLE:
                    self.notify(
                        f"Item {item.id} is {item.status}; nothing to start.", severity="warning"
                    )
                    return
                app.start_item(item.id)
            elif action in ("pause", "cancel"):
                if item.status not in STOPPABLE:
                    self.notify(f"Item {item.id} is not running.", severity="warning")
                    return
                app.request_stop(item.id, action)
            else:
                self._edit(item.id, item.status, action)
        except PercaeError as exc:
            app.show_error(exc)

    def _edit(self, item_id: int, status: str, action: str) -> None:
        with ResultsDB.open(self.home.database) as db:
            if action == "rerun":
                if status == QueueStatus.RUNNING:
                    self.notify("It is running already.", severity="warning")
                    return
                db.queue.update_item(
                    item_id,
                    status=QueueStatus.QUEUED,
                    message=None,
                    progress=None,
                    finished_at=None,
                )
                self.notify(
                    f"Item {item_id} queued again (not started: press s to start it). Finished "
                    "cells are reused, an interrupted fit resumes from its last epoch."
                )
            elif action in ("up", "down"):
                db.queue.move_item(item_id, -1 if action == "up" else 1)
            elif action == "delete":
                if status == QueueStatus.RUNNING:
                    self.notify("Cancel it (x) before removing it.", severity="warning")
                    return
                db.queue.delete_item(item_id)
        self.percae_app.refresh_state()
