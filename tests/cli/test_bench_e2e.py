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
from smoke_study import BENCH, copy_collection, percae

from percae_core.models.variants import VARIANTS

pytestmark = pytest.mark.slow


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


def test_smoke_study_exports_the_papers_tables(smoke_study):
    done = percae(smoke_study.home, "results", "--format", "markdown", "--compare-paper")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    for table in ("Table II", "Table V", "Table VIII"):
        assert table in text
    assert "alexnet-random" in text  # offline: the fallback is named, never "alexnet" alone
    rows = keyed(records(smoke_study.home))
    assert {k[1] for k in rows} == set(VARIANTS)
    assert {k[4] for k in rows} >= {"mlp", "linear", "decoder"}
    assert all(math.isfinite(v) for v in rows.values())


def test_fallback_warning_is_printed_at_start_and_end(smoke_study):
    text = " ".join(smoke_study.run.stderr.split())
    assert text.count("percae weights import alexnet-owt-7be5be79.pth") == 2


def test_rerun_skips_finished_cells(smoke_study):
    before = keyed(records(smoke_study.home))
    done = percae(smoke_study.home, *BENCH)
    assert done.returncode == 0, done.stderr
    assert f"0 cells run, {len(VARIANTS)} reused" in " ".join(done.stderr.split())
    assert keyed(records(smoke_study.home)) == before


def test_killed_mid_fit_then_rerun_gives_the_same_rows(smoke_study, smoke_collection, tmp_path):
    """A perceptual cell killed after its first epoch's checkpoint resumes to the same numbers:
    the fit's state and the rebuilt loss network both come back exactly."""
    perceptual = next(v.name for v in VARIANTS.values() if v.perceptual and not v.variational)
    home = copy_collection(smoke_collection, tmp_path / "killed")
    env = {**os.environ, "PERCAE_HOME": str(home), "PERCAE_OFFLINE": "1"}
    subset = [*BENCH, "--variants", perceptual]
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
    assert "resuming from the checkpoint after epoch" in " ".join(done.stderr.split())
    expected = {k: v for k, v in keyed(records(smoke_study.home)).items() if k[1] == perceptual}
    got = keyed(records(home))
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, rel=1e-4, abs=1e-4), key
