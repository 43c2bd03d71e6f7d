"""Base of the screens that show the queue state (Queue, Live)."""

from __future__ import annotations

from percae_tui.queue_state import QueueState
from percae_tui.screens.percae_screen import PercaeScreen


class StateView(PercaeScreen):
    """A screen redrawn from each `QueueState` the app reads; when it comes back into view it
    draws the newest state at once instead of waiting for the next read."""

    def show_state(self, state: QueueState) -> None:
        raise NotImplementedError

    def on_screen_resume(self) -> None:
        self.show_state(self.percae_app.state)
