"""One policy on both executors (executors/base.py): a failed cell does not stop the others and
every failure is reported at the end (`--fail-fast` stops at the first); a pause never marks a
finished cell interrupted. Two one-epoch cells of the in-memory toy dataset; a cell fails the way
a user meets it, on a damaged checkpoint in its run folder."""

from __future__ import annotations

import pytest
from toy_entries import TOY

from percae_core.errors import Interrupted
from percae_core.events import CellEnded, Event
from percae_core.models.variants import VARIANTS
from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_core.runner.bench import prepare_plan, run_plan
from percae_core.runner.executors.base import CellsFailedError
from percae_core.runner.executors.options import ExecutorOptions
from percae_core.runner.plan import BenchRequest, Plan
from percae_core.statuses import CellStatus

PIXEL = tuple(v.name for v in VARIANTS.values() if not v.perceptual)[:2]
EXECUTORS = {
    "local": ExecutorOptions(),
    "ray": ExecutorOptions(name="ray", cpus_per_cell=1, max_concurrent=1),
}


@pytest.fixture(params=list(EXECUTORS))
def executor(request: pytest.FixtureRequest, toy_registered) -> ExecutorOptions:
    if request.param == "ray":
        request.getfixturevalue("ray_instance")
    return EXECUTORS[request.param]


def _plan(home: Home, executor: ExecutorOptions, fail_fast: bool = False) -> Plan:
    options = ExecutorOptions(**{**executor.__dict__, "fail_fast": fail_fast})
    request = BenchRequest(
        datasets=(TOY.name,),
        profile="smoke",
        variants=PIXEL,
        epochs=1,
        batch_size=32,
        device="cpu",
        executor=options,
    )
    return prepare_plan(request, home)


def _damage_checkpoint(home: Home, plan: Plan) -> str:
    """The first cell's run folder gets a checkpoint that is not one; that cell's label."""
    cell = plan.cells[0]
    folder = home.runs / cell.config_hash
    folder.mkdir(parents=True)
    (folder / "checkpoint.pt").write_bytes(b"not a checkpoint")
    return cell.label


def _statuses(home: Home) -> list[str]:
    with ResultsDB.open(home.database) as db:
        return [cell["status"] for cell in db.cells.all()]


def test_a_failed_cell_lets_the_others_finish_and_is_reported_at_the_end(executor, tmp_path):
    home = Home(tmp_path / "home").ensure()
    plan = _plan(home, executor)
    label = _damage_checkpoint(home, plan)
    with pytest.raises(CellsFailedError, match="1 cell\\(s\\) failed") as raised:
        run_plan(plan, home)
    assert label in raised.value.message and "checkpoint" in raised.value.message.lower()
    assert raised.value.exit_code == 1
    assert _statuses(home) == [CellStatus.FAILED, CellStatus.DONE]
    with ResultsDB.open(home.database) as db:
        (failed,) = [c for c in db.cells.all() if c["status"] == "failed"]
        assert "checkpoint" in failed["error"].lower()
        assert {r["variant"] for r in db.cells.result_records()} == {PIXEL[1]}


def test_fail_fast_stops_at_the_first_failed_cell(executor, tmp_path):
    home = Home(tmp_path / "home").ensure()
    plan = _plan(home, executor, fail_fast=True)
    label = _damage_checkpoint(home, plan)
    with pytest.raises(CellsFailedError, match="--fail-fast") as raised:
        run_plan(plan, home)
    assert label in raised.value.message
    assert _statuses(home) == [CellStatus.FAILED, CellStatus.PENDING]


def test_a_pause_after_a_cell_finished_keeps_it_done(executor, tmp_path):
    home = Home(tmp_path / "home").ensure()
    ended: list[Event] = []

    def watch(event: Event) -> None:
        if isinstance(event, CellEnded):
            ended.append(event)

    with pytest.raises(Interrupted, match="Paused"):
        run_plan(_plan(home, executor), home, on_event=watch, should_stop=lambda: bool(ended))
    assert _statuses(home) == [CellStatus.DONE, CellStatus.PENDING]
    run_plan(_plan(home, executor), home)  # resumes: only the second cell runs
    assert _statuses(home) == [CellStatus.DONE, CellStatus.DONE]
