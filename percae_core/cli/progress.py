"""Turns engine events into rich progress bars and messages on stderr.

Every column has a fixed width, so a bar never shrinks or vanishes when its trailing text grows:
at 120 columns the losses of an epoch fit whole; what is running, its bar, done/total, the rate (img/s once an epoch reports it), the elapsed
time and the time left (``1m05s``, "-" until known), and the last losses. A finished bar is
removed and one line says what finished, in how long, and its last losses; a bar that ends
while an exception passes (Ctrl-C, a failure) says "stopped" with how far it got, never "done".
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
)
from rich.table import Column
from rich.text import Text

from percae_core.cli.console import err
from percae_core.events import (
    BatchFinished,
    EpochFinished,
    Event,
    FitFinished,
    FitStarted,
    Notice,
    StageStarted,
    TaskAdvanced,
    TaskFinished,
    TaskStarted,
)
from percae_core.quantities import duration

STAGE_TASK = "stage"


def _fixed(width: int) -> Column:
    """A column that keeps its width when another column's text grows."""
    return Column(width=width, min_width=width, no_wrap=True, overflow="ellipsis")


class RateColumn(ProgressColumn):
    """Images per second once an epoch reports it, else items per second with the task's unit."""

    def render(self, task: Task) -> Text:
        images = task.fields.get("img_per_s")
        if images is not None:
            return Text(f"{images:,.0f} img/s", style="progress.data.speed")
        speed = task.finished_speed or task.speed
        unit = task.fields.get("unit", "it")
        text = "" if speed is None or not unit else f"{speed:,.1f} {unit}/s"
        return Text(text, style="progress.data.speed")


class ElapsedColumn(ProgressColumn):
    """Time since the bar started, as ``1m05s``."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        return Text(duration(elapsed or 0.0), style="progress.elapsed")


class RemainingColumn(ProgressColumn):
    """``ETA 1m05s``, or ``ETA -`` while it cannot be known (no total or no rate yet)."""

    def render(self, task: Task) -> Text:
        remaining = task.time_remaining if task.total is not None else None
        return Text(f"ETA {duration(remaining)}", style="progress.remaining")


class RichProgress:
    """An event sink drawing one bar per task/fit; use as a context manager."""

    def __init__(self, transient: bool = False, console: Console | None = None) -> None:
        self.progress = Progress(
            TextColumn("[progress.description]{task.description}", table_column=_fixed(30)),
            BarColumn(bar_width=8, table_column=_fixed(8)),
            MofNCompleteColumn(table_column=_fixed(11)),
            RateColumn(table_column=_fixed(12)),
            ElapsedColumn(table_column=_fixed(6)),
            RemainingColumn(table_column=_fixed(10)),
            TextColumn(
                "{task.fields[status]}",
                table_column=Column(ratio=1, no_wrap=True, overflow="ellipsis"),
            ),
            console=console or err,
            transient=transient,
            expand=True,
        )
        self.tasks: dict[str, TaskID] = {}
        self.warnings: list[str] = []
        self._handlers: dict[type, Callable[[Any], None]] = {
            StageStarted: self._stage,
            TaskStarted: self._task_started,
            TaskAdvanced: self._task_advanced,
            TaskFinished: self._task_finished,
            FitStarted: self._fit_started,
            BatchFinished: self._batch,
            EpochFinished: self._epoch,
            FitFinished: self._fit_finished,
            Notice: self._notice,
        }

    def __enter__(self) -> RichProgress:
        self.progress.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """On an exception every bar still open is stopped: one "stopped" line each (the study
        once), then the live display ends without a last frame repeating them."""
        if exc_type is not None:
            for name, task_id in list(self.tasks.items()):
                if name == STAGE_TASK:
                    self.progress.remove_task(task_id)
                else:
                    self._finish(task_id)
            self.tasks.clear()
        self.progress.__exit__(exc_type, exc, traceback)

    def __call__(self, event: Event) -> None:
        handler = self._handlers.get(type(event))
        if handler is not None:
            handler(event)

    def _task(self, task_id: TaskID) -> Task:
        return self.progress.tasks[self.progress.task_ids.index(task_id)]

    def _stage(self, event: StageStarted) -> None:
        if STAGE_TASK not in self.tasks:
            self.tasks[STAGE_TASK] = self.progress.add_task(
                event.text, total=None, unit="", status=""
            )
        self.progress.update(self.tasks[STAGE_TASK], description=event.text)

    def _task_started(self, event: TaskStarted) -> None:
        self.tasks[event.task] = self.progress.add_task(
            event.description, total=event.total, unit=event.unit, status=""
        )

    def _task_advanced(self, event: TaskAdvanced) -> None:
        if event.task in self.tasks:
            self.progress.advance(self.tasks[event.task], event.advance)

    def _task_finished(self, event: TaskFinished) -> None:
        if event.task in self.tasks:
            self._finish(self.tasks.pop(event.task))

    def _fit_started(self, event: FitStarted) -> None:
        self.tasks[event.run] = self.progress.add_task(
            event.description or event.run,
            total=event.epochs * event.batches_per_epoch,
            completed=event.start_epoch * event.batches_per_epoch,
            unit="batch",
            status="",
        )

    def _batch(self, event: BatchFinished) -> None:
        if event.run in self.tasks:
            self.progress.advance(self.tasks[event.run], 1)

    def _epoch(self, event: EpochFinished) -> None:
        if event.run in self.tasks:
            star = "*" if event.is_best else " "
            self.progress.update(
                self.tasks[event.run],
                img_per_s=event.images_per_s,
                status=f"ep {event.epoch}/{event.epochs} train {event.train_loss:.3g} "
                f"val {event.val_loss:.3g}{star}",
            )

    def _fit_finished(self, event: FitFinished) -> None:
        if event.run in self.tasks:
            self._finish(self.tasks.pop(event.run))

    def _finish(self, task_id: TaskID) -> None:
        """The bar goes; one line stays: what finished (or stopped, and where), in how long,
        its rate and its last losses."""
        task = self._task(task_id)
        self.progress.stop_task(task_id)
        took = duration(task.finished_time or task.elapsed or 0.0)
        parts = [f"{task.description}: {took}"]
        images = task.fields.get("img_per_s")
        if images is not None:
            parts.append(f"{images:,.0f} img/s")
        if task.fields.get("status"):
            parts.append(str(task.fields["status"]))
        if sys.exc_info()[0] is not None:  # ended by Ctrl-C or a failure passing through
            where = f" at {task.completed:.0f}/{task.total:.0f}" if task.total else ""
            line = f"[yellow]stopped[/] {escape(task.description)}{where} after {took}"
        else:
            line = "[green]done[/] " + escape("  ".join(parts))
        self.progress.console.print(line, highlight=False, markup=True)
        self.progress.remove_task(task_id)

    def _notice(self, event: Notice) -> None:
        if event.level == "warning":
            self.warnings.append(event.message)
            self.progress.console.print(f"[bold yellow]Warning:[/] {event.message}")
        else:
            self.progress.console.print(event.message)
