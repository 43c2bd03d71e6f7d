"""Fixtures of the terminal-UI tests: a temporary percae home, empty or filled with results."""

from __future__ import annotations

import asyncio
import inspect
import json

import pytest
from running_cells_data import SMOKE_REQUEST, TWO_CELLS, add_z64_cells

from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_core.results.rows import EpochRow, FitRow
from percae_core.runner.progress_record import ProgressRecord

#: (variant, mlp distance px, linear distance px, decoder L1, seconds per epoch)
FILLED = (
    ("ae", 13.25, 13.75, 0.061, 10.0),
    ("vae", 12.5, 12.75, 0.064, 10.5),
    ("pae", 2.25, 7.25, 0.071, 11.0),
    ("pvae", 1.5, 5.5, 0.075, 12.0),
)


@pytest.fixture
def home(tmp_path, monkeypatch) -> Home:
    monkeypatch.setenv("PERCAE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return Home(tmp_path / "home").ensure()


def fill_results(
    home: Home, variants: tuple[str, ...] | None = None, seed: int = 0, shift: float = 0.0
) -> None:
    """One finished LunarLander study (smoke, z=32, alexnet-random), with fixed numbers; only
    the cells of ``variants`` when given (a study part-way through); another ``seed`` is a
    second run, its distances ``shift`` pixels off the first's."""
    with ResultsDB.open(home.database) as db:
        experiment = db.cells.create_experiment({"datasets": ["lunarlander"], "profile": "smoke"})
        for variant, mlp, linear, l1, seconds in FILLED:
            if variants is not None and variant not in variants:
                continue
            perceptual = variant.startswith("p")
            cell_id = db.cells.upsert(
                experiment,
                {
                    "config_hash": f"hash-{variant}" + (f"-{seed}" if seed else ""),
                    "dataset": "lunarlander",
                    "variant": variant,
                    "z": 32,
                    "loss_net": "alexnet-random" if perceptual else None,
                    "profile": "smoke",
                    "seed": seed,
                    "repeat": 0,
                    "gamma": 0.01 if "vae" in variant else None,
                    "device": "cpu",
                    "config": {},
                },
            )
            for epoch, loss in ((1, 0.05), (2, 0.03)):
                db.cells.record_epoch(
                    cell_id,
                    EpochRow(
                        epoch,
                        loss * (2 if perceptual else 1),
                        loss * (2.2 if perceptual else 1.1),
                        seconds,
                        100.0,
                        {},
                    ),
                )
            db.cells.record_fit(
                cell_id,
                FitRow(
                    epochs_run=2,
                    best_epoch=2,
                    best_val_loss=0.03,
                    seconds=2 * seconds,
                    seconds_per_epoch=seconds,
                    images_per_s=100.0,
                    device="cpu",
                    seed=seed,
                ),
            )
            db.cells.record_predictor(cell_id, "mlp", "mlp-64", 0.1, "distance_px", mlp + shift)
            db.cells.record_predictor(
                cell_id, "linear", "linear", 0.2, "distance_px", linear + shift
            )
            db.cells.record_decoder(cell_id, l1, 1)
            db.cells.set_status(cell_id, "done")


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run ``async def`` tests (Textual pilots) in a fresh event loop; no asyncio plugin needed."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


def add_running_item(home: Home, progress: ProgressRecord | dict, pid: int | None = None) -> int:
    """A running item with ``progress``: a record, or a dict as the release before it wrote."""
    stored = progress.to_json() if isinstance(progress, ProgressRecord) else json.dumps(progress)
    with ResultsDB.open(home.database) as db:
        item = db.queue.add_item(dict(SMOKE_REQUEST))
        experiment = db.queue.items()[0].get("experiment_id")
        db.queue.update_item(
            item, status="running", pid=pid, progress=stored, experiment_id=experiment
        )
        return item


@pytest.fixture
def filled_home(home: Home) -> Home:
    fill_results(home)
    return home


@pytest.fixture
def running_item():
    """Put a running queue item (with the given live progress and worker pid) in a home."""
    return add_running_item


@pytest.fixture
def two_cells_running(filled_home: Home) -> int:
    """A running item of ``filled_home`` with two cells at once (z=32 fitting, z=64 at its
    predictor grid), as under the Ray executor; returns the item's id."""
    add_z64_cells(filled_home)
    with ResultsDB.open(filled_home.database) as db:
        experiment = db.cells.experiments()[0]["id"]
    item = add_running_item(filled_home, TWO_CELLS)
    with ResultsDB.open(filled_home.database) as db:
        db.queue.update_item(item, experiment_id=experiment)
    return item
