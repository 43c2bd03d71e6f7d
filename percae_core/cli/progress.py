"""Turns engine events into rich progress bars and messages on stderr."""

from __future__ import annotations

from types import TracebackType

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

    def __init__(self) -> None:
        super().__init__("")

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        unit = task.fields.get("unit", "it")
        return Text("" if speed is None else f"{speed:,.0f} {unit}/s", style="progress.data.speed")


class RichProgress:
    """An event sink drawing one bar per task/fit; use as a context manager."""

    def __init__(self, transient: bool = False) -> None:
        self.progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[status]}"),
            console=err,
            transient=transient,
        )
        self.tasks: dict[str, TaskID] = {}
        self.warnings: list[str] = []

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
        p = self.progress
        if isinstance(event, StageStarted):
            if "stage" not in self.tasks:
                self.tasks["stage"] = p.add_task(event.text, total=None, unit="", status="")
            p.update(self.tasks["stage"], description=event.text)
        elif isinstance(event, TaskStarted):
            self.tasks[event.task] = p.add_task(
                event.description, total=event.total, unit=event.unit, status=""
            )
        elif isinstance(event, TaskAdvanced) and event.task in self.tasks:
            p.advance(self.tasks[event.task], event.advance)
        elif isinstance(event, TaskFinished) and event.task in self.tasks:
            task_id = self.tasks.pop(event.task)
            total = p.tasks[p.task_ids.index(task_id)].total
            if total is not None:
                p.update(task_id, completed=total)
            p.stop_task(task_id)
        elif isinstance(event, FitStarted):
            total = event.epochs * event.batches_per_epoch
            self.tasks[event.run] = p.add_task(
                event.description or event.run,
                total=total,
                completed=event.start_epoch * event.batches_per_epoch,
                unit="batch",
                status="",
            )
        elif isinstance(event, BatchFinished) and event.run in self.tasks:
            p.advance(self.tasks[event.run], 1)
        elif isinstance(event, EpochFinished) and event.run in self.tasks:
            star = "*" if event.is_best else " "
            p.update(
                self.tasks[event.run],
                status=f"ep {event.epoch}/{event.epochs} train {event.train_loss:.4g} "
                f"val {event.val_loss:.4g}{star} {event.images_per_s:,.0f} img/s",
            )
        elif isinstance(event, FitFinished) and event.run in self.tasks:
            task_id = self.tasks.pop(event.run)
            done = p.tasks[p.task_ids.index(task_id)]
            p.update(task_id, total=done.completed)
            p.stop_task(task_id)
        elif isinstance(event, Notice):
            if event.level == "warning":
                self.warnings.append(event.message)
                p.console.print(f"[bold yellow]Warning:[/] {event.message}")
            else:
                p.console.print(event.message)
