"""What an executor is: the part of `run_plan` that runs one dataset's unfinished cells.

`run_plan` prepares everything a dataset's cells share (the database rows, the data, the trivial
baselines) and hands the cells to the executor; the executor runs them (in this process, or as
Ray tasks) and leaves every cell's status as the local loop does: done, failed with its message,
or interrupted (the same command resumes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from percae_core.errors import Interrupted

if TYPE_CHECKING:
    from percae_core.data.parts import DatasetParts
    from percae_core.results.cell_store import CellStore
    from percae_core.runner.bench import BenchOutcome
    from percae_core.runner.cell_context import CellContext
    from percae_core.runner.plan import Cell, Plan


class Executor:
    """The base of every executor; used as ``with executor:`` so `close` always runs."""

    name: str

    def start(self, plan: Plan) -> None:
        """Connect and check resources; raises a `PercaeError` before any cell runs."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def run_cells(
        self,
        todo: list[Cell],
        ids: dict[str, int],
        parts: DatasetParts,
        ctx: CellContext[CellStore],
        outcome: BenchOutcome,
    ) -> None:
        """Run ``todo`` (one dataset's unfinished cells), recording through ``ctx.cells``."""
        raise NotImplementedError

    def finish(self) -> None:
        """After every dataset: raise if cells failed while the others went on."""

    def close(self) -> None:
        """Release what `start` acquired."""


def stopped_by_user(label: str, finished: int) -> Interrupted:
    """The Ctrl-C error every executor raises, after marking its running cells interrupted."""
    return Interrupted(
        f"Stopped during {label}; {finished} cells finished in this run "
        "and every result so far is in the database.",
        hint="Run the same command again: finished cells are skipped and the "
        "interrupted autoencoder resumes from its last checkpointed epoch.",
    )
