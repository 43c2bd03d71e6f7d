"""Asked on quit while a queue item runs: stop it, or leave it running in the background.

Leaving it running is the safe choice (nothing is lost either way, but a stop costs the time of
the unfinished epoch), so it comes first and has the focus."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class QuitDialog(ModalScreen[str | None]):
    """Dismissed with "stop", "leave", or None (stay in the app)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Stay", id="quit.stay"),
        Binding("left,up", "app.focus_previous", "Previous button", show=False, id="quit.previous"),
        Binding("right,down", "app.focus_next", "Next button", show=False, id="quit.next"),
    ]

    def __init__(self, item_id: int, summary: str) -> None:
        super().__init__()
        self.item_id = item_id
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-dialog"):
            yield Label(
                f"Queue item {self.item_id} is running:\n{self.summary}",
                id="quit-question",
                classes="wrapped",
            )
            yield Label(
                "Leave it running in the background (reopening percae-tui shows its progress), "
                "or stop it (finished epochs and cells are kept)?",
                classes="wrapped",
            )
            with Horizontal(id="quit-buttons"):
                yield Button("Leave it running", id="leave", variant="primary")
                yield Button("Stop it and quit", id="stop", variant="error")
                yield Button("Stay", id="stay")

    def on_mount(self) -> None:
        self.query_one("#leave", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss({"stop": "stop", "leave": "leave"}.get(event.button.id or ""))
