"""The local executor: the cells one after another in this process, on the plan's device.

This is `percae bench`'s default and its behaviour before executors existed: the first cell that
fails stops the study (its status says why) and Ctrl-C marks the running cell interrupted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from percae_core.errors import Interrupted, PercaeError
from percae_core.events import STUDY_TASK, CellEnded, TaskAdvanced
from percae_core.runner.cell_run import run_cell
from percae_core.runner.executors.base import Executor, stopped_by_user

if TYPE_CHECKING:
    from percae_core.data.parts import DatasetParts
    from percae_core.results.cell_store import CellStore
    from percae_core.runner.bench import BenchOutcome
    from percae_core.runner.cell_context import CellContext
    from percae_core.runner.plan import Cell


class LocalExecutor(Executor):
    name = "local"

    def run_cells(
        self,
        todo: list[Cell],
        ids: dict[str, int],
        parts: DatasetParts,
        ctx: CellContext[CellStore],
        outcome: BenchOutcome,
    ) -> None:
        cells, should_stop = ctx.cells, ctx.should_stop
        for cell in todo:
            cell_id = ids[cell.config_hash]
            cells.set_status(cell_id, "running")
            try:
                outcome.warnings += run_cell(cell, cell_id, parts, ctx)
            except KeyboardInterrupt:
                cells.set_status(cell_id, "interrupted", "stopped by the user (Ctrl-C)")
                raise stopped_by_user(cell.label, outcome.ran) from None
            except Interrupted as exc:
                cells.set_status(cell_id, "interrupted", exc.message)
                raise
            except PercaeError as exc:
                cells.set_status(cell_id, "failed", str(exc))
                raise
            except Exception as exc:
                cells.set_status(cell_id, "failed", f"{type(exc).__name__}: {exc}")
                raise
            if should_stop is not None and should_stop():
                cells.set_status(cell_id, "interrupted", "paused by the user")
                raise Interrupted(f"Paused during {cell.label}.", hint="Start it again to resume.")
            cells.set_status(cell_id, "done")
            ctx.on_event(CellEnded("done", cell=cell.key))
            outcome.ran += 1
            ctx.on_event(TaskAdvanced(STUDY_TASK, 1))
