"""`scripts/gpu-acceptance --dry-run`: every step the GPU run takes, exercised on the CPU.

One end-to-end run of the script (tiny smoke study, tiny perf); the summary it writes is what
the integrator reads after the real run on a GPU.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STEPS = ["environment", "cuda-tests", "smoke", "perf", "packing", "estimate"]


@pytest.mark.slow
def test_dry_run_writes_a_summary_of_every_step(tmp_path):
    out = tmp_path / "acceptance"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gpu-acceptance"), str(out), "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    summary = json.loads((out / "summary.json").read_text())
    statuses = {step["name"]: step["status"] for step in summary["steps"]}
    assert list(statuses) == STEPS, done.stdout
    failed = {name: s for name, s in statuses.items() if s == "failed"}
    assert not failed, (failed, done.stdout, done.stderr)
    assert done.returncode == 0
    assert summary["dry_run"] and summary["cuda_tests"]["files"]
    assert summary["smoke"]["result_rows"] > 0
    keys = {(r["impl"], r["loss"], r["input"]) for r in summary["perf"]["train"]}
    assert len(keys) == 8 and summary["perf"]["grid"]["speedup"] > 0
    assert summary["paper_grid_estimate"]["hours"] > 0
    assert {goal["goal"] for goal in summary["goals"]} >= {"paper grid, hours"}
    markdown = (out / "summary.md").read_text()
    assert "dry run" in markdown and "| perf | ok |" in markdown
