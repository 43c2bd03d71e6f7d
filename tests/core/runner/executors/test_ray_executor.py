"""The smoke LunarLander study through the Ray executor: the same rows as the local executor,
even when a worker process is killed in the middle of a fit."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from smoke_study import DATASET, PROFILE, copy_collection

from percae_core.errors import DeviceError
from percae_core.events import EpochFinished, Event
from percae_core.models.variants import VARIANTS
from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_core.runner.bench import prepare_plan, run_plan
from percae_core.runner.executors.options import ExecutorOptions
from percae_core.runner.plan import BenchRequest
from percae_core.runner.progress_fold import fold
from percae_core.runner.progress_record import ProgressRecord
from percae_core.stages import Stage

RAY = ExecutorOptions(name="ray", cpus_per_cell=1, max_concurrent=2)
TASK_TITLE = b"ray::execute_cell"
#: Two cells, so that the two Ray tasks run at once.
PIXEL = tuple(v.name for v in VARIANTS.values() if not v.perceptual)


def run_study(home: Home, executor: ExecutorOptions, on_event=None) -> None:
    request = BenchRequest(datasets=(DATASET,), profile=PROFILE, variants=PIXEL, executor=executor)
    plan = prepare_plan(request, home)
    run_plan(plan, home, **({"on_event": on_event} if on_event else {}))


def rows(home: Path, variants: tuple[str, ...]) -> dict[tuple, float]:
    """Every result row of ``variants`` keyed by its identity; a duplicated identity fails."""
    with ResultsDB.open(Home(home).database) as db:
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
        if rec["variant"] in variants:
            out[key] = rec["value"]
    return out


def assert_same_rows(got: dict[tuple, float], want: dict[tuple, float]) -> None:
    assert got.keys() == want.keys() and got
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-4, abs=1e-4), key


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


@pytest.mark.slow  # trains the shared smoke study (for the local numbers)
def test_ray_gives_the_local_numbers_even_when_a_worker_is_killed_mid_fit(
    ray_instance, smoke_study, smoke_collection, tmp_path
):
    """Two cells run at once in Ray tasks; one task's process is killed after its first epoch.
    The retried cell resumes, and the study ends with the local executor's numbers (the shared
    smoke study, one thread per cell like each Ray task), without duplicate rows; the workers'
    events reach the driver, and the live record showed both cells running at once."""
    home = Home(copy_collection(smoke_collection, tmp_path / "ray")).ensure()
    events: list[Event] = []
    killed: list[int] = []

    def watch(event: Event) -> None:
        events.append(event)
        if killed or not isinstance(event, EpochFinished) or event.stage is not Stage.FIT:
            return
        for pid in running_task_pids()[:1]:
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    run_study(home, RAY, watch)
    assert killed, "no Ray worker was found running a cell"
    assert_same_rows(rows(home.root, PIXEL), rows(smoke_study.home, PIXEL))
    record, most_at_once = ProgressRecord(), 0
    for event in events:
        fold(record, event)
        most_at_once = max(most_at_once, len(record.running))
    assert most_at_once == 2, "the live record shows both cells running at once"
    assert record.running == [], "finished cells leave the record"
    assert record.cells_done == record.cells_total


def test_a_gpu_per_cell_on_a_cluster_without_gpus_is_refused_before_any_cell(
    ray_instance, tmp_path
):
    home = Home(tmp_path / "gpu").ensure()
    with pytest.raises(DeviceError, match="asks for 1 GPU, but the Ray cluster has 0"):
        run_study(home, ExecutorOptions(name="ray", gpus_per_cell=1))
    assert not home.runs.exists() or not any(home.runs.iterdir()), "no cell may start"
