"""What runs inside a Ray worker: one cell, its writes captured and its events sent to the driver.

The function is plain Python (the executor wraps it with ``ray.remote``), so it imports nothing
from Ray. The dataset parts and the loss network arrive as objects from Ray's object store: the
uint8 image array is read in place by every task on a node, never copied per task.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from percae_core.data.parts import DatasetParts
from percae_core.events import BatchFinished, Event
from percae_core.models.loss_networks import LossNetwork
from percae_core.profiles import Profile
from percae_core.runner.cell_context import CellContext
from percae_core.runner.cell_run import run_cell
from percae_core.runner.executors.base import failure_text
from percae_core.runner.executors.captured_writes import CapturedWrite, CapturedWrites
from percae_core.runner.plan import Cell, LossKey

BATCH_EVENT_INTERVAL_S = 0.5


@dataclass(frozen=True)
class CellJob:
    """Everything a task needs besides the shared objects (data, loss networks, mailbox)."""

    cell: Cell
    cell_id: int
    profile: Profile
    runs: Path
    device: str
    trivial: dict[str, float]
    threads: int


@dataclass
class CellReport:
    """A task's result: the warnings and captured writes of a finished cell, or why it failed."""

    warnings: list[str] = field(default_factory=list)
    writes: list[CapturedWrite] = field(default_factory=list)
    error: str | None = None
    reused: bool = False


class EventForwarder:
    """Sends a task's events to the driver's mailbox, tagged with the cell id.

    Every event except per-batch ones is sent at once (in order); batch events are thinned to
    one per `BATCH_EVENT_INTERVAL_S`, which is all a progress bar needs.
    """

    def __init__(
        self, mailbox: Any, cell_id: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.mailbox = mailbox
        self.cell_id = cell_id
        self.clock = clock
        self.last_batch = -float("inf")
        self.last_post: Any = None

    def __call__(self, event: Event) -> None:
        if isinstance(event, BatchFinished):
            now = self.clock()
            if now - self.last_batch < BATCH_EVENT_INTERVAL_S and event.batch < event.batches:
                return
            self.last_batch = now
        self.last_post = self.mailbox.post.remote(self.cell_id, event)

    def flush(self) -> None:
        """Wait until the mailbox has every event sent so far (an actor runs one caller's
        calls in order, so waiting for the last is enough)."""
        if self.last_post is not None:
            import ray

            ray.get(self.last_post)


def execute_cell(
    job: CellJob, parts: DatasetParts, loss_networks: dict[LossKey, LossNetwork], mailbox: Any
) -> CellReport:
    """Run ``job.cell`` to the end; a failure of the cell's own is reported, not raised."""
    os.environ["OMP_NUM_THREADS"] = str(job.threads)  # the fit's thread choice honours it
    torch.set_num_threads(job.threads)
    device = torch.device(job.device)
    writes = CapturedWrites()
    forward = EventForwarder(mailbox, job.cell_id)
    ctx = CellContext(
        cells=writes,
        profile=job.profile,
        runs=job.runs,
        device=device,
        loss_networks={name: net.to(device) for name, net in loss_networks.items()},
        trivial=job.trivial,
        on_event=forward,
    )
    try:
        run = run_cell(job.cell, job.cell_id, parts, ctx)
    except Exception as exc:
        return CellReport(error=failure_text(exc))
    finally:
        forward.flush()
    return CellReport(warnings=list(run.warnings), writes=writes.writes, reused=run.reused)
