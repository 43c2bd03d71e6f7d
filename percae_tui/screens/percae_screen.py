"""The running app as the screens see it: typed once, here, instead of at every use.

`PercaeApp` imports the screens (its modes), so a screen cannot import it back; textual types
``self.app`` as a plain `App`. `PercaeAppApi` names what the screens use of the app (the home
folder, the latest queue state, the queue actions), and `PercaeScreen.percae_app` returns the
running app as that, checked at run time.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.screen import Screen

from percae_core.errors import PercaeError
from percae_core.paths import Home
from percae_tui.queue_state import QueueState


@runtime_checkable
class PercaeAppApi(Protocol):
    """The part of `percae_tui.app.PercaeApp` that screens call."""

    home: Home
    state: QueueState

    def show_error(self, exc: PercaeError) -> None: ...

    def refresh_state(self) -> object: ...

    def start_item(self, item_id: int) -> None: ...

    def request_stop(self, item_id: int, request: str) -> None: ...


class PercaeScreen(Screen):
    """A screen of the percae app."""

    @property
    def percae_app(self) -> PercaeAppApi:
        app = self.app
        if not isinstance(app, PercaeAppApi):
            raise TypeError(f"{type(self).__name__} runs inside percae's app, not {app!r}.")
        return app
