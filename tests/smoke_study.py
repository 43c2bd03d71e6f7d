"""The smoke study of the dataset that renders itself (LunarLander), shared by the end-to-end tests.

Training it is the most expensive thing the suite does, so it is done once per test session
(`smoke_study` in tests/conftest.py) and every test that needs its numbers compares with that one
run: the bench end-to-end tests read it, the kill-and-resume test and the Ray executor compare
their rows with it. Tests that only need the rendered collection copy `smoke_collection` (rendered
once per test process by `percae data prepare`) into their own home instead of rendering it
again.

The run uses one intra-op thread (OMP_NUM_THREADS=1, set for the whole session in
tests/conftest.py): thread count changes float reduction order, so equal numbers across
executors need equal threads per cell.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from percae_core.data.catalog import LUNARLANDER
from percae_core.profiles import get_profile

DATASET = LUNARLANDER.name
PROFILE = "smoke"
BENCH = ["bench", "--profile", PROFILE, "--dataset", DATASET]


def percae(home: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """`percae ARGS` in a fresh process on ``home``, offline, output captured."""
    env = {**os.environ, "PERCAE_HOME": str(home), "PERCAE_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "percae_core", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def prepare_collection(home: Path) -> Path:
    """Render the smoke profile's LunarLander collection into ``home``; its datasets folder."""
    scale = get_profile(PROFILE).scale(DATASET)
    done = percae(
        home,
        "data",
        "prepare",
        DATASET,
        "--rollouts",
        str(scale.rollouts),
        "--steps",
        str(scale.steps),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return home / "datasets"


def copy_collection(datasets: Path, home: Path) -> Path:
    """Give ``home`` a copy of a prepared datasets folder (no results, no runs); ``home``."""
    shutil.copytree(datasets, home / "datasets", dirs_exist_ok=True)
    return home


@dataclass(frozen=True)
class SmokeStudy:
    """The shared run: its home and what `percae bench` printed."""

    home: Path
    run: subprocess.CompletedProcess


def run_smoke_study(home: Path) -> SmokeStudy:
    """The whole smoke study (every variant) through the real executable, in a fresh home: the
    user's first run, rendering its collection itself."""
    done = percae(home, *BENCH)
    assert done.returncode == 0, done.stdout + done.stderr
    return SmokeStudy(home, done)
