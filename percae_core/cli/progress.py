"""Turns engine events into rich progress bars and messages on stderr."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
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


class RateColumn(TextColumn):
    """Items per second with the task's unit (frames/s, img/s)."""

    def __init__(self, table_column: Column | None = None) -> None:
        super().__init__("", table_column=table_column)

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        unit = task.fields.get("unit", "it")
        return Text("" if speed is None else f"{speed:,.0f} {unit}/s", style="progress.data.speed")


def _fixed(width: int) -> Column:
    """A column that keeps its width when the trailing status text grows."""
    return Column(width=width, no_wrap=True, overflow="ellipsis")


class RichProgress:
    """An event sink drawing one bar per task/fit; use as a context manager. A finished bar is
    replaced by one line saying what finished, how long it took and its last status."""

    def __init__(self, transient: bool = False, console: Console | None = None) -> None:
        self.progress = Progress(
            TextColumn("[progress.description]{task.description}", table_column=_fixed(32)),
            BarColumn(bar_width=16),
            MofNCompleteColumn(table_column=_fixed(11)),
            RateColumn(table_column=_fixed(13)),
            TimeElapsedColumn(table_column=_fixed(7)),
            TextColumn("ETA", table_column=_fixed(3)),
            TimeRemainingColumn(table_column=_fixed(7)),
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
        self.progress.__exit__(exc_type, exc, traceback)

    def __call__(self, event: Event) -> None:
        handler = self._handlers.get(type(event))
        if handler is not None:
            handler(event)

    def _task(self, task_id: TaskID) -> Task:
        return self.progress.tasks[self.progress.task_ids.index(task_id)]

    def _stage(self, event: StageStarted) -> None:
        if "stage" not in self.tasks:
            self.tasks["stage"] = self.progress.add_task(event.text, total=None, unit="", status="")
        self.progress.update(self.tasks["stage"], description=event.text)

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
                status=f"ep {event.epoch}/{event.epochs} train {event.train_loss:.4g} "
                f"val {event.val_loss:.4g}{star} {event.images_per_s:,.0f} img/s",
            )

    def _fit_finished(self, event: FitFinished) -> None:
        if event.run in self.tasks:
            self._finish(self.tasks.pop(event.run))

    def _finish(self, task_id: TaskID) -> None:
        """The bar goes; one line stays: what finished, in how long, its last status."""
        task = self._task(task_id)
        self.progress.stop_task(task_id)
        elapsed = task.finished_time or task.elapsed or 0.0
        minutes, seconds = divmod(int(round(elapsed)), 60)
        status = task.fields.get("status", "")
        line = f"[green]done[/] {task.description}: {minutes}m{seconds:02d}s"
        self.progress.console.print(line + (f"  {status}" if status else ""), highlight=False)
        self.progress.remove_task(task_id)

    def _notice(self, event: Notice) -> None:
        if event.level == "warning":
            self.warnings.append(event.message)
            self.progress.console.print(f"[bold yellow]Warning:[/] {event.message}")
        else:
            self.progress.console.print(event.message)
