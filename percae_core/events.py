"""Progress events: plain dataclasses the engine emits and the CLI, TUI and database consume.

Engine functions take an `on_event: EventSink` argument (default: `ignore_events`) and call it;
they never print. Generic tasks (`TaskStarted` / `TaskAdvanced` / `TaskFinished`) drive any
progress bar; the fit events carry the numbers the live view and the overhead panel need.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Event:
    """Base class of every event."""


@dataclass(frozen=True)
class StageStarted(Event):
    """A named step of a study begins (data, reference predictors, a cell's fit, embeddings,
    predictor grid, decoder retraining, diagnostics); its progress, if countable, follows as
    task events. Lets a live view name what runs even when the step sends no other event."""

    stage: str


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


@dataclass(frozen=True)
class BatchFinished(Event):
    run: str
    epoch: int
    batch: int
    batches: int
    loss: float


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


@dataclass(frozen=True)
class FitFinished(Event):
    run: str
    epochs_run: int
    best_epoch: int
    best_val_loss: float
    seconds: float
    stopped_early: bool


EventSink = Callable[[Event], None]


def ignore_events(event: Event) -> None:
    """The default sink: progress goes nowhere."""
