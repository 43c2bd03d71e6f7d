"""What the Queue and Live screens show, read from the database in one go (in a worker thread).

The queue worker process writes everything here: the queue rows with their live progress (a
`ProgressRecord`, the only form in which the UI reads it), each cell's epochs, each finished fit's timing. The UI only reads, so reopening the app
shows a run that went on in the background exactly as if the UI had never closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from percae_core.events import CellKey
from percae_core.models.variants import variant_title
from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_core.results.overhead import overhead_table
from percae_core.results.table_data import Table
from percae_core.runner.progress_record import ProgressRecord, ProgressVersionError
from percae_core.runner.worker_process import is_queue_worker, log_path
from percae_core.statuses import CellStatus, QueueStatus


@dataclass(frozen=True)
class QueueItem:
    id: int
    position: int
    status: str
    spec: dict
    message: str | None = None
    progress: ProgressRecord = field(default_factory=ProgressRecord)
    experiment_id: int | None = None
    pid: int | None = None
    request: str | None = None
    started_at: str | None = None

    @property
    def summary(self) -> str:
        """One line describing the request, e.g. ``lunarlander smoke z=32 ae,pae loss net auto
        seed 0`` (``profile's z`` when the request names no latent size)."""
        spec = self.spec
        datasets = ",".join(spec.get("datasets") or ()) or "all datasets"
        sizes = ",".join(str(v) for v in spec.get("z") or ())
        z = f"z={sizes}" if sizes else "profile's z"
        text = f"{datasets} {spec.get('profile', '?')} {z} {','.join(spec.get('variants') or ())}"
        text += f" loss net {spec.get('loss_net') or 'auto'} seed {spec.get('seed', 0)}"
        if int(spec.get("repeats", 1) or 1) > 1:
            text += f" x{spec['repeats']}"
        return text

    @property
    def active(self) -> bool:
        return self.status == QueueStatus.RUNNING


@dataclass(frozen=True)
class Curve:
    """Per-epoch losses of one variant's autoencoder."""

    variant: str
    epochs: tuple[int, ...]
    train: tuple[float, ...]
    val: tuple[float, ...]

    @property
    def title(self) -> str:
        return variant_title(self.variant)


@dataclass(frozen=True)
class QueueState:
    items: tuple[QueueItem, ...] = ()
    focus: QueueItem | None = None
    curves: tuple[Curve, ...] = ()
    curve_title: str = ""
    overhead: Table | None = None
    loaded: bool = False
    """Read from the database (the app starts with an empty, unloaded state)."""

    @property
    def running(self) -> QueueItem | None:
        return next((item for item in self.items if item.active), None)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.status] = counts.get(item.status, 0) + 1
        return counts


def read_progress(text: str | None) -> ProgressRecord:
    """The row's progress record; one that cannot be read says why in its stage, so the screen
    shows the reason instead of failing (a newer worker's record, a damaged row)."""
    try:
        return ProgressRecord.from_json(text)
    except ProgressVersionError as exc:
        return ProgressRecord(stage_text=f"{exc.message} {exc.hint or ''}".strip())
    except (ValueError, KeyError, TypeError) as exc:
        return ProgressRecord(stage_text=f"unreadable progress record ({type(exc).__name__})")


def _item(row: dict) -> QueueItem:
    progress = read_progress(row.get("progress"))
    return QueueItem(
        id=int(row["id"]),
        position=int(row["position"]),
        status=row["status"],
        spec=row["spec"],
        message=row.get("message"),
        progress=progress,
        experiment_id=row.get("experiment_id"),
        pid=row.get("pid"),
        request=row.get("request"),
        started_at=row.get("started_at"),
    )


def mark_lost_workers(db: ResultsDB, home: Home) -> list[int]:
    """Items marked running whose worker process is gone (killed, crashed, machine rebooted; its
    pid perhaps reused by an unrelated process) become failed, with the log to read (cancelled, if a cancel was asked); returns their ids."""
    lost = []
    for row in db.queue.items():
        if (
            row["status"] == QueueStatus.RUNNING
            and row.get("pid")
            and not is_queue_worker(row["pid"], home)
        ):
            if row.get("request") == "cancel":
                db.queue.update_item(
                    row["id"],
                    status=QueueStatus.CANCELLED,
                    pid=None,
                    request=None,
                    message="Cancelled by the user.",
                )
                continue
            db.queue.update_item(
                row["id"],
                status=QueueStatus.FAILED,
                pid=None,
                request=None,
                message="The worker process ended without reporting a result; its output is in "
                f"{log_path(home, row['id'])}. Re-run the item to resume from the last epoch.",
            )
            lost.append(int(row["id"]))
    return lost


def _focus(items: list[QueueItem]) -> QueueItem | None:
    """The running item, else the most recently started one (finished or not): a run's charts
    stay on the Live screen until another run starts."""
    running = [item for item in items if item.active]
    if running:
        return running[0]
    started = [item for item in items if item.experiment_id is not None]
    return max(started, key=lambda item: (item.started_at or "", item.id)) if started else None


def _same_cell(row: dict, key: CellKey) -> bool:
    return (row["dataset"], row["variant"], row["z"], row["repeat"]) == (
        key.dataset,
        key.variant,
        key.z,
        key.repeat,
    )


def _curves(
    db: ResultsDB, experiment_id: int | None, follow: CellKey | None = None
) -> tuple[tuple[Curve, ...], str]:
    """The loss curves of the variants of one (dataset, z, repeat): those of the cell to
    ``follow`` (the most recently started running cell), else of a running or the latest cell."""
    if experiment_id is None:
        return (), ""
    cells = db.cells.all(experiment_id)
    if not cells:
        return (), ""
    followed = [cell for cell in cells if follow is not None and _same_cell(cell, follow)]
    running = [cell for cell in cells if cell["status"] == CellStatus.RUNNING]
    anchor = (followed or running or [max(cells, key=lambda c: (c["updated_at"], c["id"]))])[0]
    group = [
        c
        for c in cells
        if (c["dataset"], c["z"], c["repeat"]) == (anchor["dataset"], anchor["z"], anchor["repeat"])
    ]
    curves = []
    for cell in group:
        epochs = db.cells.epochs_of(cell["id"])
        if epochs:
            curves.append(
                Curve(
                    cell["variant"],
                    tuple(int(e["epoch"]) for e in epochs),
                    tuple(float(e["train_loss"] or 0.0) for e in epochs),
                    tuple(float(e["val_loss"] or 0.0) for e in epochs),
                )
            )
    title = f"{anchor['dataset']} z={anchor['z']}"
    if anchor["repeat"]:
        title += f" repeat {anchor['repeat']}"
    return tuple(curves), title


def followed_cell(item: QueueItem | None, chosen: CellKey | None) -> CellKey | None:
    """The running cell whose charts to show: the one the user chose while it runs, else the
    most recently started one."""
    if item is None or not item.active:
        return None
    if chosen is not None and item.progress.cell(chosen) is not None:
        return chosen
    latest = item.progress.latest
    return latest.key if latest is not None else None


def read_queue_state(db: ResultsDB, chosen: CellKey | None = None) -> QueueState:
    """Everything the Queue and Live screens show; the charts follow ``chosen`` while it runs."""
    items = [_item(row) for row in db.queue.items()]
    focus = _focus(items)
    curves, title = _curves(
        db, focus.experiment_id if focus else None, followed_cell(focus, chosen)
    )
    return QueueState(
        loaded=True,
        items=tuple(items),
        focus=focus,
        curves=curves,
        curve_title=title,
        overhead=overhead_table(db.cells.autoencoder_records()),
    )
