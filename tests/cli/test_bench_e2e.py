"""The smoke study end to end through the real `percae` executable, interrupted and resumed."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BENCH = ["bench", "--profile", "smoke", "--dataset", "lunarlander"]


def percae(home: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "PERCAE_HOME": str(home), "PERCAE_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "percae_core", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def records(home: Path) -> list[dict]:
    done = percae(home, "results", "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def keyed(rows: list[dict]) -> dict[tuple, float]:
    out: dict[tuple, float] = {}
    for row in rows:
        key = (
            row["dataset"],
            row["variant"],
            row["z"],
            row["seed"],
            row["predictor"],
            row["metric"],
        )
        assert key not in out, f"duplicate result row {key}"
        out[key] = row["value"]
    return out


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The smoke study, run once for the module: its home and what the command printed."""
    home = tmp_path_factory.mktemp("smoke")
    done = percae(home, *BENCH)
    assert done.returncode == 0, done.stdout + done.stderr
    return home, done


@pytest.fixture(scope="module")
def smoke_home(smoke_run) -> Path:
    return smoke_run[0]


def test_smoke_study_exports_the_papers_tables(smoke_home):
    done = percae(smoke_home, "results", "--format", "markdown", "--compare-paper")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    for table in ("Table II", "Table V", "Table VIII"):
        assert table in text
    assert "alexnet-random" in text  # offline: the fallback is named, never "alexnet" alone
    rows = keyed(records(smoke_home))
    assert {k[1] for k in rows} == {"ae", "vae", "pae", "pvae"}
    assert {k[4] for k in rows} >= {"mlp", "linear", "decoder"}
    assert all(math.isfinite(v) for v in rows.values())


def test_fallback_warning_is_printed_at_start_and_end(smoke_run):
    _, done = smoke_run
    text = " ".join(done.stderr.split())
    assert text.count("percae weights import alexnet-owt-7be5be79.pth") == 2


def test_rerun_skips_finished_cells(smoke_home):
    before = keyed(records(smoke_home))
    done = percae(smoke_home, *BENCH)
    assert done.returncode == 0, done.stderr
    assert "0 cells run, 4 reused" in " ".join(done.stderr.split())
    assert keyed(records(smoke_home)) == before


def test_killed_mid_fit_then_rerun_gives_the_same_rows(smoke_home, tmp_path):
    home = tmp_path / "killed"
    env = {**os.environ, "PERCAE_HOME": str(home), "PERCAE_OFFLINE": "1"}
    subset = [*BENCH, "--variants", "ae,pae"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "percae_core", *subset],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 300
    while time.time() < deadline and not list((home / "runs").glob("*/checkpoint.pt")):
        time.sleep(0.2)
    assert list((home / "runs").glob("*/checkpoint.pt")), "no checkpoint appeared"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    done = percae(home, *subset)
    assert done.returncode == 0, done.stderr
    expected = {k: v for k, v in keyed(records(smoke_home)).items() if k[1] in ("ae", "pae")}
    got = keyed(records(home))
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, rel=1e-4, abs=1e-4), key
