"""The Ray executor: every cell a Ray task, on every GPU and core of a machine or a cluster.

The driver (the `percae bench` process) stays the only writer of the results database: tasks
return their writes as plain data (`CapturedWrites`) and stream their events through a mailbox
actor, so progress, the ETA and the epoch rows follow every running cell. The dataset parts are
put once in Ray's object store; tasks on a node read the same uint8 array in place.

Faults: a task whose worker dies is retried by Ray (`MAX_RETRIES`) and resumes from the cell's
checkpoint when the runs folder is shared (always on one machine); a cell that fails on its own
is marked failed and the others go on (`--fail-fast`: the running ones are cancelled and marked
interrupted); Ctrl-C or a pause cancels the running tasks and marks their cells interrupted,
while finished ones stay done: the policy of `executors/base.py`, as the local executor.
"""

from __future__ import annotations

import contextlib
import math
from typing import TYPE_CHECKING, Any

from percae_core.errors import DeviceError, PercaeError, UsageError
from percae_core.runner.executors.base import (
    CellsFailedError,
    Executor,
    paused,
    stopped_by_user,
)
from percae_core.runner.executors.captured_writes import replay
from percae_core.runner.executors.cell_task import CellJob, CellReport, execute_cell
from percae_core.runner.executors.event_mailbox import start_mailbox
from percae_core.runner.executors.options import ExecutorOptions
from percae_core.runner.executors.ray_connect import check_head, connect_ray
from percae_core.runner.executors.ray_import import import_ray
from percae_core.runner.recording import recording_sink
from percae_core.statuses import CellStatus

if TYPE_CHECKING:
    from percae_core.data.parts import DatasetParts
    from percae_core.results.cell_store import CellStore
    from percae_core.runner.bench import BenchOutcome
    from percae_core.runner.cell_context import CellContext
    from percae_core.runner.plan import Cell, Plan

MAX_RETRIES = 3
POLL_S = 0.2


class RayExecutor(Executor):
    name = "ray"

    def __init__(self, options: ExecutorOptions) -> None:
        super().__init__(fail_fast=options.fail_fast)
        self.options = options
        self.ray = import_ray()
        self.owns_ray = False

    def start(self, plan: Plan) -> None:
        ray, options = self.ray, self.options
        check_head(options.ray_address)  # even when this process already joined a Ray
        if not ray.is_initialized():
            where = options.ray_address or "a new private Ray instance"
            try:
                connect_ray(ray, options.ray_address)
            except PercaeError:
                raise
            except Exception as exc:
                raise PercaeError(
                    f"Could not start or reach Ray at {where}: {type(exc).__name__}: {exc}",
                    hint="Check the address (HOST:PORT of the head node, or `auto` on a node "
                    "that ran `ray start`), that the head is running (`ray status`), and that "
                    "this machine has the same ray version as the cluster.",
                ) from None
            self.owns_ray = True
        resources = ray.cluster_resources()
        self.gpus = self._gpus_per_cell(plan, float(resources.get("GPU", 0)))
        self.cpus = options.cpus_per_cell
        cpus_total = float(resources.get("CPU", 0))
        if self.cpus > cpus_total:
            raise DeviceError(
                f"--cpus-per-cell {self.cpus} asks for more cores than the Ray cluster has "
                f"({cpus_total:g}).",
                hint="Lower --cpus-per-cell or add nodes to the cluster.",
            )
        slots = [cpus_total // self.cpus]
        if self.gpus:
            slots.append(math.floor(float(resources["GPU"]) / self.gpus + 1e-9))
        self.concurrency = max(1, int(min(slots)))
        if options.max_concurrent is not None:
            self.concurrency = min(self.concurrency, options.max_concurrent)
        self.device = "cuda" if self.gpus else "cpu"
        self.mailbox = start_mailbox(ray)
        self.loss_ref = ray.put({name: net.to("cpu") for name, net in plan.loss_networks.items()})
        self.task = ray.remote(execute_cell).options(
            num_cpus=self.cpus, num_gpus=self.gpus, max_retries=MAX_RETRIES
        )

    def _gpus_per_cell(self, plan: Plan, gpus_total: float) -> float:
        asked = self.options.gpus_per_cell
        wanted = plan.request.device
        if wanted == "cpu":
            if asked:
                raise UsageError(
                    f"--device cpu with --gpus-per-cell {asked:g}: a CPU cell uses no GPU.",
                    hint="Drop one of the two flags.",
                )
            return 0.0
        gpus = (1.0 if gpus_total else 0.0) if asked is None else asked
        if wanted == "cuda" and not gpus:
            raise DeviceError(
                "--device cuda, but the Ray cluster has no GPU"
                if not gpus_total
                else "--device cuda with --gpus-per-cell 0: a cell would get no GPU.",
                hint="Run with --device cpu, or start Ray on nodes with GPUs.",
            )
        if gpus > gpus_total:
            raise DeviceError(
                f"Each cell asks for {gpus:g} GPU, but the Ray cluster has {gpus_total:g}.",
                hint="Lower --gpus-per-cell (0 runs the cells on CPUs), or add GPU nodes.",
            )
        return float(gpus)

    def run_cells(
        self,
        todo: list[Cell],
        ids: dict[str, int],
        parts: DatasetParts,
        ctx: CellContext[CellStore],
        outcome: BenchOutcome,
    ) -> None:
        ray, cells = self.ray, ctx.cells
        parts_ref = ray.put(parts)
        waiting = list(todo)
        running: dict[Any, tuple[Cell, int]] = {}
        sinks = {}
        try:
            while waiting or running:
                while waiting and len(running) < self.concurrency:
                    cell = waiting.pop(0)
                    cell_id = ids[cell.config_hash]
                    cells.set_status(cell_id, CellStatus.RUNNING)
                    sinks[cell_id] = recording_sink(ctx, cell_id)
                    job = CellJob(
                        cell=cell,
                        cell_id=cell_id,
                        profile=ctx.profile,
                        runs=ctx.runs,
                        device=self.device,
                        trivial=ctx.trivial,
                        threads=self.cpus,
                    )
                    running[self.task.remote(job, parts_ref, self.loss_ref, self.mailbox)] = (
                        cell,
                        cell_id,
                    )
                ready, _ = ray.wait(list(running), num_returns=1, timeout=POLL_S)
                self._deliver(sinks)
                for ref in ready:
                    cell, cell_id = running.pop(ref)
                    self._finish(cell, cell_id, self._result(ref), ctx, outcome)
                if ctx.should_stop is not None and ctx.should_stop():
                    self._cancel(running, ctx, "paused by the user")
                    raise paused(f"{outcome.ran} cells finished")
        except CellsFailedError:  # --fail-fast
            self._cancel(running, ctx, "stopped: another cell failed (--fail-fast)")
            raise
        except KeyboardInterrupt:
            label = ", ".join(cell.label for cell, _ in running.values()) or "the study"
            self._cancel(running, ctx, "stopped by the user (Ctrl-C)")
            raise stopped_by_user(label, outcome.ran) from None

    def _result(self, ref: Any) -> CellReport:
        try:
            return self.ray.get(ref)
        except self.ray.exceptions.RayError as exc:
            return CellReport(
                error=f"its Ray worker was lost {MAX_RETRIES + 1} times "
                f"({type(exc).__name__}: {str(exc).splitlines()[0]})"
            )

    def _finish(
        self,
        cell: Cell,
        cell_id: int,
        report: CellReport,
        ctx: CellContext[CellStore],
        outcome: BenchOutcome,
    ) -> None:
        if report.error is not None:
            self.cell_failed(cell, cell_id, report.error, ctx)
            return
        replay(report.writes, ctx.cells, cell_id)
        self.cell_done(cell, cell_id, report.warnings, ctx, outcome, reused=report.reused)

    def _deliver(self, sinks: dict) -> None:
        for cell_id, event in self.ray.get(self.mailbox.drain.remote()):
            sinks[cell_id](event)

    def _cancel(
        self, running: dict[Any, tuple[Cell, int]], ctx: CellContext[CellStore], why: str
    ) -> None:
        """Mark the running cells interrupted, then stop their tasks (a Ctrl-C in a terminal may
        already have stopped Ray's own processes, which must not hide the interruption)."""
        for ref, (_, cell_id) in running.items():
            ctx.cells.set_status(cell_id, CellStatus.INTERRUPTED, why)
            with contextlib.suppress(Exception):  # the task is gone either way
                self.ray.cancel(ref, force=True)

    def close(self) -> None:
        if self.owns_ray:
            self.ray.shutdown()
            self.owns_ray = False
