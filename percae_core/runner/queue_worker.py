"""The process that runs queue items for the terminal UI: ``python -m percae_core.runner.queue_worker
--home H --item N [--drain]``.

It runs the item's `BenchRequest` through `prepare_plan` / `run_plan` and reports through the
queue row, the only channel the UI reads: live status (every running cell's stage, epoch and
batch, images/s, ETA, latest losses; notices) as a `ProgressRecord` in ``progress`` at most
about twice a second, and the final
status (done, failed with the reason, paused, cancelled) in ``status`` / ``message``. Training in
its own process keeps the UI responsive, lets a crash leave the UI standing, and lets a run go on
after the UI quits.

Stopping: the UI writes ``request = 'pause'`` (honoured at the next epoch boundary; resuming
continues from the checkpointed epoch) or ``'cancel'`` and sends SIGTERM (stops at once; finished
epochs and cells are kept, as with Ctrl-C in `percae bench`).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable

from percae_core.data.catalog import use_home
from percae_core.errors import Interrupted, PercaeError
from percae_core.events import BatchFinished, EpochFinished, Event, FitFinished, FitStarted, Notice
from percae_core.paths import Home, home_from
from percae_core.results.db import ResultsDB
from percae_core.results.schema import now_text
from percae_core.runner.bench import plan_eta, prepare_plan, run_plan
from percae_core.runner.plan import BenchRequest
from percae_core.runner.progress_fold import fold
from percae_core.runner.progress_record import ProgressRecord
from percae_core.stages import Stage
from percae_core.statuses import QueueStatus

WRITE_INTERVAL_S = 0.5
REQUEST_POLL_S = 0.5


class LiveStatus:
    """Folds engine events into the queue row's `ProgressRecord`, written at most every
    `WRITE_INTERVAL_S` (events that change what the UI shows first are written at once)."""

    def __init__(
        self, db: ResultsDB, item_id: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.db = db
        self.item_id = item_id
        self.clock = clock
        self.record = ProgressRecord()
        self.last_write = -float("inf")
        self.dirty = False
        self.at_epoch_boundary = True
        self.started = clock()

    def __call__(self, event: Event) -> None:
        if isinstance(event, BatchFinished):
            self.at_epoch_boundary = False
        elif isinstance(event, EpochFinished | FitStarted | FitFinished):
            self.at_epoch_boundary = True
        urgent = fold(self.record, event)
        self.dirty = True
        if urgent or self.clock() - self.last_write >= WRITE_INTERVAL_S:
            self.flush()

    def started_plan(self, plan_eta_s: float, cells_total: int, device: str, loss_net: str) -> None:
        """The plan is ready: what the whole item will run, written at once."""
        record = self.record
        record.plan_eta_s, record.cells_total = plan_eta_s, cells_total
        record.device, record.loss_net = device, loss_net
        record.stage, record.stage_text = Stage.STARTING, Stage.STARTING.title
        self.dirty = True
        self.flush()

    def flush(self) -> None:
        if not self.dirty:
            return
        self.record.elapsed_s = self.clock() - self.started
        self.record.updated_at = now_text()
        self.db.queue.update_item(self.item_id, progress=self.record.to_json())
        self.last_write = self.clock()
        self.dirty = False


class StopRequests:
    """`should_stop` for `run_plan`: a cancel stops at once, a pause at the next epoch boundary."""

    def __init__(
        self,
        db: ResultsDB,
        item_id: int,
        status: LiveStatus,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db = db
        self.item_id = item_id
        self.status = status
        self.clock = clock
        self.request: str | None = None
        self.last_poll = -float("inf")

    def poll(self) -> str | None:
        if self.request != "cancel" and self.clock() - self.last_poll >= REQUEST_POLL_S:
            item = self.db.queue.get_item(self.item_id)
            self.request = None if item is None else (item.get("request") or None)
            if item is None:
                self.request = "cancel"
            self.last_poll = self.clock()
        return self.request

    def cancel(self) -> None:
        self.request = "cancel"

    def __call__(self) -> bool:
        request = self.poll()
        if request == "cancel":
            return True
        return request == "pause" and self.status.at_epoch_boundary


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_item(home: Home, item_id: int) -> QueueStatus:
    """Run one queue item to its end; returns its final status (done, failed, paused, cancelled)."""
    home.ensure()
    with ResultsDB.open(home.database) as db:
        item = db.queue.get_item(item_id)
        if item is None:
            raise PercaeError(
                f"Queue item {item_id} does not exist in {home.database}.",
                hint="Open percae-tui to see the queue.",
            )
        db.queue.update_item(
            item_id,
            status=QueueStatus.RUNNING,
            pid=os.getpid(),
            request=None,
            message=None,
            started_at=now_text(),
            finished_at=None,
        )
        live = LiveStatus(db, item_id)
        stops = StopRequests(db, item_id, live)
        try:
            plan = prepare_plan(BenchRequest.from_dict(item["spec"]), home)
            experiment_id = item.get("experiment_id") or db.cells.create_experiment(
                plan.request.to_dict()
            )
            db.queue.update_item(item_id, experiment_id=experiment_id)
            live.started_plan(plan_eta(plan, db), len(plan.cells), plan.device.type, plan.loss_net)
            for name, how in plan.skipped.items():
                live(Notice("warning", f"{name} skipped: {how}"))
            if plan.loss_warning:
                live(Notice("warning", plan.loss_warning))
            if not plan.cells:
                raise PercaeError(
                    "Nothing to run: none of the requested datasets is available.",
                    hint="; ".join(plan.skipped.values()) or None,
                )
            outcome = run_plan(
                plan, home, on_event=live, should_stop=stops, experiment_id=experiment_id
            )
            status = QueueStatus.DONE
            message = f"{outcome.ran} cells run, {outcome.reused} reused"
            if outcome.warnings:
                message += f"; {len(outcome.warnings)} diagnostic warning(s)"
            if plan.skipped:
                message += f"; skipped: {', '.join(plan.skipped)}"
        except (Interrupted, KeyboardInterrupt) as exc:
            request = stops.request
            status = QueueStatus.PAUSED if request == "pause" else QueueStatus.CANCELLED
            message = exc.message if isinstance(exc, Interrupted) else "Stopped by the user."
        except PercaeError as exc:
            status, message = QueueStatus.FAILED, str(exc)
        except Exception as exc:  # a bug: keep the worker's traceback in its log, tell the UI
            traceback.print_exc()
            status, message = QueueStatus.FAILED, f"internal error {type(exc).__name__}: {exc}"
        live.flush()
        db.queue.update_item(
            item_id, status=status, message=message, pid=None, request=None, finished_at=now_text()
        )
        return status


def run_queue(home: Home, item_id: int, drain: bool) -> QueueStatus:
    """Run ``item_id``, then (with ``drain``) each next queued item until the queue is empty or
    the user pauses or cancels."""
    status = run_item(home, item_id)
    while drain and status in (QueueStatus.DONE, QueueStatus.FAILED):
        with ResultsDB.open(home.database) as db:
            following = db.queue.claim_next()
        if following is None:
            break
        status = run_item(home, int(following["id"]))
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="percae_core.runner.queue_worker", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--home", required=True)
    parser.add_argument("--item", type=int, required=True)
    parser.add_argument(
        "--drain", action="store_true", help="afterwards, run the next queued items too"
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        home = home_from(args.home)
        use_home(home.root)  # the catalog lists the datasets imported into this home
        status = run_queue(home, args.item, args.drain)
    except PercaeError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0 if status in (QueueStatus.DONE, QueueStatus.PAUSED, QueueStatus.CANCELLED) else 1


if __name__ == "__main__":
    sys.exit(main())
