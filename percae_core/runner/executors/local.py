"""The local executor: the cells one after another in this process, on the plan's device.

This is `percae bench`'s default. It follows the policy of `executors/base.py`: a failed cell is
marked failed and the next one runs (``--fail-fast`` stops at the first); a pause or Ctrl-C
marks only the running cell interrupted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from percae_core.errors import Interrupted
from percae_core.runner.cell_run import run_cell
from percae_core.runner.executors.base import Executor, failure_text, paused, stopped_by_user
from percae_core.statuses import CellStatus

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
            cells.set_status(cell_id, CellStatus.RUNNING)
            try:
                run = run_cell(cell, cell_id, parts, ctx)
            except KeyboardInterrupt:
                cells.set_status(cell_id, CellStatus.INTERRUPTED, "stopped by the user (Ctrl-C)")
                raise stopped_by_user(cell.label, outcome.ran) from None
            except Interrupted as exc:
                cells.set_status(cell_id, CellStatus.INTERRUPTED, exc.message)
                raise
            except Exception as exc:
                self.cell_failed(cell, cell_id, failure_text(exc), ctx)
                continue
            self.cell_done(cell, cell_id, list(run.warnings), ctx, outcome, reused=run.reused)
            if should_stop is not None and should_stop():
                raise paused(cell.label)
