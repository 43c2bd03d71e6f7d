"""Typed messages that background workers post to the app (thread-safe `post_message`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from percae_tui.queue_state import QueueState

if TYPE_CHECKING:
    from percae_core.reconstructions import PreviewSet
    from percae_tui.form_choices import FormChoices
    from percae_tui.results_data import ResultsData


class QueueStateChanged(Message):
    """A fresh read of the queue and the live run from the database. Only the newest matters,
    so a pending one is replaced instead of queued (high-rate updates are coalesced)."""

    def __init__(self, state: QueueState) -> None:
        super().__init__()
        self.state = state

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, QueueStateChanged)


class PreviewLoaded(Message):
    """Reconstructions for the Previews screen are ready (or could not be made: ``error``)."""

    def __init__(self, preview: PreviewSet | None, error: str | None = None) -> None:
        super().__init__()
        self.preview = preview
        self.error = error

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, PreviewLoaded)


class ReportLoaded(Message):
    """The Results screen's tables and comparisons, read in a worker thread."""

    def __init__(self, data: ResultsData, error: str | None = None) -> None:
        super().__init__()
        self.data = data
        self.error = error

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ReportLoaded)


class FormChoicesLoaded(Message):
    """The experiment form's choices (registries and data readiness), read in a worker thread."""

    def __init__(self, choices: FormChoices | None, error: str | None = None) -> None:
        super().__init__()
        self.choices = choices
        self.error = error
