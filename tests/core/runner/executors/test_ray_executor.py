"""The smoke LunarLander study through the Ray executor: the same rows as the local executor,
and the same rows again when a worker process is killed in the middle of a fit."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from percae_core.errors import DeviceError
from percae_core.events import EpochFinished, Event
from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_core.runner.bench import prepare_plan, run_plan
from percae_core.runner.executors.options import ExecutorOptions
from percae_core.runner.plan import BenchRequest
from percae_core.runner.progress_fold import fold
from percae_core.runner.progress_record import ProgressRecord
from percae_core.stages import Stage

REQUEST = BenchRequest(datasets=("lunarlander",), profile="smoke", variants=("ae", "vae"))
RAY = ExecutorOptions(name="ray", cpus_per_cell=1, max_concurrent=2)
TASK_TITLE = b"ray::execute_cell"


def run_study(home: Home, executor: ExecutorOptions, on_event=None) -> None:
    request = BenchRequest(**{**REQUEST.__dict__, "executor": executor})
    plan = prepare_plan(request, home)
    run_plan(plan, home, **({"on_event": on_event} if on_event else {}))


def rows(home: Home) -> dict[tuple, float]:
    """Every result row keyed by its identity; a duplicated identity fails the test."""
    with ResultsDB.open(home.database) as db:
        records = db.cells.result_records()
        statuses = {cell["status"] for cell in db.cells.all()}
        epochs = [
            (c["id"], e["epoch"]) for c in db.cells.all() for e in db.cells.epochs_of(c["id"])
        ]
    assert statuses == {"done"}
    assert len(epochs) == len(set(epochs)) and epochs, "epoch rows missing or duplicated"
    out: dict[tuple, float] = {}
    for rec in records:
        key = (rec["dataset"], rec["variant"], rec["z"], rec["seed"], rec["predictor"])
        assert key not in out, f"duplicate result row {key}"
        out[key] = rec["value"]
    return out


def home_with_data_of(source: Home, path: Path) -> Home:
    """A fresh home sharing ``source``'s prepared dataset files (no results, no runs)."""
    home = Home(path).ensure()
    shutil.rmtree(home.datasets)
    shutil.copytree(source.datasets, home.datasets)
    return home


@pytest.fixture(scope="module")
def local_home(tmp_path_factory) -> Home:
    """The local run, with one thread like each Ray task, so the numbers can be equal."""
    home = Home(tmp_path_factory.mktemp("local")).ensure()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OMP_NUM_THREADS", "1")
        run_study(home, ExecutorOptions())
    return home


def assert_same_rows(got: dict[tuple, float], want: dict[tuple, float]) -> None:
    assert got.keys() == want.keys()
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-4, abs=1e-4), key


def test_ray_executor_gives_the_local_numbers_cell_for_cell(ray_instance, local_home, tmp_path):
    home = home_with_data_of(local_home, tmp_path / "ray")
    events: list[Event] = []
    run_study(home, RAY, events.append)
    assert_same_rows(rows(home), rows(local_home))
    assert any(isinstance(e, EpochFinished) for e in events), "workers' events reach the driver"
    record, most_at_once = ProgressRecord(), 0
    for event in events:
        fold(record, event)
        most_at_once = max(most_at_once, len(record.running))
    assert most_at_once == 2, "the live record shows both cells running at once"
    assert record.running == [], "finished cells leave the record"
    assert record.cells_done == record.cells_total


def running_task_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                title = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if title.startswith(TASK_TITLE):
                pids.append(int(entry.name))
    return pids


def test_a_worker_killed_mid_fit_is_retried_without_duplicate_rows(
    ray_instance, local_home, tmp_path
):
    home = home_with_data_of(local_home, tmp_path / "killed")
    killed: list[int] = []

    def kill_after_first_epoch(event: Event) -> None:
        if killed or not isinstance(event, EpochFinished) or event.stage is not Stage.FIT:
            return
        for pid in running_task_pids()[:1]:
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    run_study(home, RAY, kill_after_first_epoch)
    assert killed, "no Ray worker was found running a cell"
    assert_same_rows(rows(home), rows(local_home))


def test_a_gpu_per_cell_on_a_cluster_without_gpus_is_refused_before_any_cell(
    ray_instance, tmp_path
):
    home = Home(tmp_path / "gpu").ensure()
    with pytest.raises(DeviceError, match="asks for 1 GPU, but the Ray cluster has 0"):
        run_study(home, ExecutorOptions(name="ray", gpus_per_cell=1))
    assert not home.runs.exists() or not any(home.runs.iterdir()), "no cell may start"
