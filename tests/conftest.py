"""Shared test setup: every test gets its own percae home and never touches the network.

The suite runs in two or more processes (pytest-xdist, `-n auto` in pyproject.toml); tests that
share the session's smoke study are kept in one process so that it is trained once.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch
from smoke_study import SmokeStudy, prepare_collection, run_smoke_study
from toy_entries import TOY, register_toy

from percae_core.data.catalog import unregister_dataset, use_home

# One intra-op thread, here and in every `percae` process a test starts: on a 2-core machine
# shared with other work (and with the suite's other worker), two threads are often many times
# slower than one, exact-resume tests need the same thread count throughout, and equal numbers
# across executors need equal threads per cell.
os.environ["OMP_NUM_THREADS"] = "1"
torch.set_num_threads(1)

SMOKE_GROUP = "smoke-study"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests of the shared smoke study run in one worker, which trains it once."""
    for item in items:
        if "smoke_study" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group(SMOKE_GROUP))


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "percae-home"
    monkeypatch.setenv("PERCAE_HOME", str(home))
    monkeypatch.setenv("PERCAE_OFFLINE", "1")
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch-home"))
    from percae_core.cli.context import STATE

    STATE.home_arg = None
    STATE.debug = False
    use_home(None)  # the catalog lists the datasets imported into this test's home only
    yield home
    use_home(None)


@pytest.fixture(autouse=True)
def close_open_figures():
    """Tests that draw figures directly leave none open for the next test in this worker."""
    yield
    import sys

    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


@pytest.fixture(scope="session")
def smoke_collection(tmp_path_factory) -> Path:
    """The smoke profile's rendered LunarLander collection (a datasets folder to copy)."""
    return prepare_collection(tmp_path_factory.mktemp("smoke-collection"))


@pytest.fixture(scope="session")
def smoke_study(tmp_path_factory) -> SmokeStudy:
    """The whole smoke study through `percae bench` in a fresh home, once per session."""
    return run_smoke_study(tmp_path_factory.mktemp("smoke-study"))


@pytest.fixture
def toy_registered(monkeypatch):
    """A dataset and a loss network percae has never seen, one registry entry each
    (tests/toy_entries.py); the registries are restored after the test."""
    register_toy(monkeypatch)
    yield
    unregister_dataset(TOY.name)
