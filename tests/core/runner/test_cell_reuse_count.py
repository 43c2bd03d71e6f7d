"""Two identical benches: the one that waited for a cell's lock and found the cell finished by
the other counts it as reused, not as run ("2 cells run, 0 reused" was printed before)."""

from __future__ import annotations

import threading

import torch

from percae_core.models.variants import VARIANTS
from percae_core.profiles import get_profile
from percae_core.results.db import ResultsDB
from percae_core.runner.bench import BenchOutcome, _cell_row
from percae_core.runner.cell_context import CellContext
from percae_core.runner.executors.local import LocalExecutor
from percae_core.runner.plan import Cell
from percae_core.statuses import CellStatus
from percae_core.storage.locks import work_lock


def _cell() -> Cell:
    return Cell(
        dataset="lunarlander",
        variant=VARIANTS["ae"],
        z=8,
        repeat=0,
        seed=0,
        profile="smoke",
        loss_net="alexnet-random",
        gamma=0.01,
        epochs=1,
        batch_size=8,
    )


def test_a_cell_finished_by_the_other_process_counts_as_reused(tmp_path) -> None:
    cell = _cell()
    runs = tmp_path / "runs"
    held, release = threading.Event(), threading.Event()

    def other_process() -> None:
        with work_lock(tmp_path, f"cell-{cell.config_hash}", cell.label) as lock:
            held.set()
            release.wait(10)
            lock.mark_finished()

    other = threading.Thread(target=other_process)
    other.start()
    held.wait(10)
    threading.Timer(0.2, release.set).start()
    with ResultsDB.open(tmp_path / "results.sqlite") as db:
        experiment = db.cells.create_experiment({})
        cell_id = db.cells.upsert(experiment, _cell_row(cell, torch.device("cpu")))
        ctx = CellContext(
            cells=db.cells,
            profile=get_profile("smoke"),
            runs=runs,
            device=torch.device("cpu"),
            loss_networks={},
            trivial={},
            on_event=lambda event: None,
        )
        outcome = BenchOutcome(plan=None)  # type: ignore[arg-type]  (run_cells never reads it)
        LocalExecutor().run_cells([cell], {cell.config_hash: cell_id}, None, ctx, outcome)  # type: ignore[arg-type]
        status = db.cells.get(cell.config_hash)["status"]
    other.join(10)
    assert (outcome.ran, outcome.reused) == (0, 1)
    assert status == CellStatus.DONE
