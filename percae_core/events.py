"""Progress events: plain dataclasses the engine emits and the CLI, TUI and database consume.

Engine functions take an `on_event: EventSink` argument (default: `ignore_events`) and call it;
they never print. Generic tasks (`TaskStarted` / `TaskAdvanced` / `TaskFinished`) drive any
progress bar; the fit events carry the numbers the live view and the overhead panel need.

Every event may name the study cell it comes from (`Event.cell`, set by `for_cell` around a
cell's sink), so a view can follow several cells running at once; fit events name their `Stage`
(the autoencoder's fit or the decoder's retraining).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from percae_core.stages import Stage
from percae_core.statuses import CellStatus


@dataclass(frozen=True)
class CellKey:
    """Which cell of a study an event comes from: its identity, and its label for display."""

    dataset: str
    variant: str
    z: int
    loss_net: str | None
    repeat: int
    label: str


@dataclass(frozen=True)
class Event:
    """Base class of every event; ``cell`` names the study cell that sent it, if any."""

    cell: CellKey | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class StageStarted(Event):
    """A step of a study begins (data, reference predictors, a cell's fit, embeddings, predictor
    grid, decoder retraining, diagnostics) for ``subject`` (a dataset or a cell's label); its
    progress, if countable, follows as task events. Lets a live view name what runs even when
    the step sends no other event."""

    stage: Stage
    subject: str
    detail: str = ""

    @property
    def text(self) -> str:
        """E.g. ``lunarlander z=32 AE: embeddings``."""
        return f"{self.subject}: {self.stage.title}" + (f" ({self.detail})" if self.detail else "")


STUDY_TASK = "bench"
"""The task whose items are a study's cells: its total is the plan's cell count."""


@dataclass(frozen=True)
class TaskStarted(Event):
    """A countable piece of work begins (frames to render, cells to run, files to convert)."""

    task: str
    description: str
    total: int | None
    unit: str = "items"


@dataclass(frozen=True)
class TaskAdvanced(Event):
    task: str
    advance: int = 1


@dataclass(frozen=True)
class TaskFinished(Event):
    task: str


@dataclass(frozen=True)
class Notice(Event):
    """Something the user should read: a fallback, a reused cache, a diagnostic warning."""

    level: Literal["info", "warning"]
    message: str


@dataclass(frozen=True)
class FitStarted(Event):
    run: str
    epochs: int
    batches_per_epoch: int
    start_epoch: int = 0
    description: str = ""
    stage: Stage = field(default=Stage.FIT, kw_only=True)


@dataclass(frozen=True)
class BatchFinished(Event):
    run: str
    epoch: int
    batch: int
    batches: int
    loss: float
    stage: Stage = field(default=Stage.FIT, kw_only=True)


@dataclass(frozen=True)
class EpochFinished(Event):
    run: str
    epoch: int
    epochs: int
    train_loss: float
    val_loss: float
    seconds: float
    images_per_s: float
    eta_s: float
    is_best: bool
    loss_parts: dict[str, float] = field(default_factory=dict)
    stage: Stage = field(default=Stage.FIT, kw_only=True)


@dataclass(frozen=True)
class FitFinished(Event):
    run: str
    epochs_run: int
    best_epoch: int
    best_val_loss: float
    seconds: float
    stopped_early: bool
    stage: Stage = field(default=Stage.FIT, kw_only=True)


@dataclass(frozen=True)
class CellEnded(Event):
    """A study cell stopped running (``cell`` says which): done, or failed while the others go on."""

    status: CellStatus


EventSink = Callable[[Event], None]


def ignore_events(event: Event) -> None:
    """The default sink: progress goes nowhere."""


def for_cell(sink: EventSink, cell: CellKey) -> EventSink:
    """A sink that names ``cell`` on every event passed to ``sink`` (unless one is named)."""

    def tagged(event: Event) -> None:
        sink(event if event.cell is not None else replace(event, cell=cell))

    return tagged
