"""`percae bench --loss-net lpips` end to end on a tiny LunarLander: trains, labels, stops offline.

The LPIPS network's two weights files are crafted (right shapes, seeded values) in the test's
TORCH_HOME, so the real loading path runs and nothing is downloaded.
"""

from __future__ import annotations

import json
import math

import pytest
from cli_invocation import run_cli
from crafted_weights import write_lpips_files

from percae_core.models.weights import PRETRAINED_FILES, PretrainedFile, cache_dir

BENCH = [
    "bench",
    "--dataset",
    "lunarlander",
    "--profile",
    "smoke",
    "--variants",
    "pae",
    "--z",
    "8",
    "--epochs",
    "1",
    "--batch-size",
    "16",
    "--device",
    "cpu",
]


@pytest.fixture(autouse=True)
def tiny_without_installed_lpips(tiny_lunarlander, monkeypatch):
    """The tiny collection, and no `lpips` package file to fall back on."""
    monkeypatch.setattr(PretrainedFile, "packaged_path", lambda self: None)


def test_lpips_trains_in_the_smoke_profile_and_labels_its_results(capsys, isolated_home):
    write_lpips_files(cache_dir(), seed=0)
    code, _, err = run_cli(capsys, *BENCH, "--loss-net", "lpips")
    assert code == 0, err
    assert "alexnet-random" not in err and "lpips-random" not in err
    code, out, _ = run_cli(capsys, "results", "--format", "json")
    rows = json.loads(out)
    assert rows and {row["variant"] for row in rows} == {"pae"}
    assert {row["loss_net"] for row in rows} == {"lpips"}
    assert all(math.isfinite(row["value"]) for row in rows)


def test_lpips_without_its_files_stops_before_training(capsys, isolated_home):
    code, _, err = run_cli(capsys, *BENCH, "--loss-net", "lpips")
    assert code != 0 and "Traceback" not in err
    assert PRETRAINED_FILES["lpips-alex"].file_name in err and "--loss-net lpips-random" in err
    assert not list((isolated_home / "runs").glob("*/checkpoint.pt"))
