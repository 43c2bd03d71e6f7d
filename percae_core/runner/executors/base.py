"""What an executor is: the part of `run_plan` that runs one dataset's unfinished cells.

`run_plan` prepares everything a dataset's cells share (the database rows, the data, the trivial
baselines) and hands the cells to the executor; the executor runs them (in this process, or as
Ray tasks). Every executor follows one policy, implemented here:

- a cell that fails is marked failed with its message and the other cells go on; after the last
  dataset, `finish` raises `CellsFailedError` naming every failed cell (exit code 1). With
  ``fail_fast`` (`percae bench --fail-fast`) the first failure stops the study at once;
- a cell that finished is marked done before anything else happens, so a pause or Ctrl-C never
  marks a finished cell interrupted; the cells still running are marked interrupted and the same
  command resumes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from percae_core.errors import Interrupted, PercaeError
from percae_core.events import STUDY_TASK, CellEnded, Notice, TaskAdvanced
from percae_core.memory import allocation_failure
from percae_core.statuses import CellStatus

if TYPE_CHECKING:
    from percae_core.data.parts import DatasetParts
    from percae_core.results.cell_store import CellStore
    from percae_core.runner.bench import BenchOutcome
    from percae_core.runner.cell_context import CellContext
    from percae_core.runner.plan import Cell, Plan


class CellsFailedError(PercaeError):
    """Cells failed on their own; every other cell that ran is recorded."""


def failure_text(exc: BaseException) -> str:
    """What a failed cell's status says: a `PercaeError`'s message and hint (an allocation
    failure becomes the device-memory message), else the type too."""
    exc = allocation_failure(exc) or exc
    return str(exc) if isinstance(exc, PercaeError) else f"{type(exc).__name__}: {exc}"


class Executor:
    """The base of every executor; used as ``with executor:`` so `close` always runs."""

    name: str

    def __init__(self, fail_fast: bool = False) -> None:
        self.fail_fast = fail_fast
        self.failed: list[str] = []

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

    def cell_done(
        self,
        cell: Cell,
        cell_id: int,
        warnings: list[str],
        ctx: CellContext[CellStore],
        outcome: BenchOutcome,
        *,
        reused: bool = False,
    ) -> None:
        """Mark a finished cell done (its rows are written) and count it: as run here, or as
        reused when another process finished it while this one waited for its lock."""
        ctx.cells.set_status(cell_id, CellStatus.DONE)
        ctx.on_event(CellEnded(CellStatus.DONE, cell=cell.key))
        outcome.warnings += warnings
        if reused:
            outcome.reused += 1
        else:
            outcome.ran += 1
        ctx.on_event(TaskAdvanced(STUDY_TASK, 1))

    def cell_failed(
        self, cell: Cell, cell_id: int, error: str, ctx: CellContext[CellStore]
    ) -> None:
        """Mark a cell failed and go on; with ``fail_fast``, stop the study here."""
        ctx.cells.set_status(cell_id, CellStatus.FAILED, error)
        self.failed.append(f"{cell.label}: {error}")
        ctx.on_event(Notice("warning", f"{cell.label} failed: {error}", cell=cell.key))
        ctx.on_event(CellEnded(CellStatus.FAILED, cell=cell.key))
        if self.fail_fast:
            raise self.failure_error()

    def failure_error(self) -> CellsFailedError:
        stopped = (
            "--fail-fast stopped the study at the first failure"
            if self.fail_fast
            else "the other cells finished"
        )
        return CellsFailedError(
            f"{len(self.failed)} cell(s) failed ({stopped}): " + "; ".join(self.failed),
            hint="Fix the cause and run the same command again: finished cells are reused "
            "and only the failed and unfinished ones run.",
        )

    def finish(self) -> None:
        """After every dataset: raise `CellsFailedError` if cells failed while the others went on."""
        if self.failed:
            raise self.failure_error()

    def close(self) -> None:
        """Release what `start` acquired."""


def paused(finished: str) -> Interrupted:
    """The error every executor raises on a pause request, after marking its running cells
    interrupted (``finished``: what was last finished, for the message)."""
    return Interrupted(f"Paused after {finished}.", hint="Start it again to resume.")


def stopped_by_user(label: str, finished: int) -> Interrupted:
    """The Ctrl-C error every executor raises, after marking its running cells interrupted."""
    return Interrupted(
        f"Stopped during {label}; {finished} cells finished in this run "
        "and every result so far is in the database.",
        hint="Run the same command again: finished cells are skipped and the "
        "interrupted autoencoder resumes from its last checkpointed epoch.",
    )
