"""`percae bench --loss-net lpips` end to end on a tiny LunarLander: trains, labels, stops offline.

The LPIPS network's two weights files are crafted (right shapes, seeded values) in the test's
TORCH_HOME, so the real loading path runs and nothing is downloaded.
"""

from __future__ import annotations

import json
import math

import pytest
import torch
from crafted_weights import write_lpips_files

from percae_core.cli.app import main
from percae_core.models.weights import PRETRAINED_FILES, PretrainedFile, cache_dir
from percae_core.profiles import PROFILES, DatasetScale

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
def tiny_smoke_profile(monkeypatch):
    """The smoke profile on an 8 x 6-frame collection, one thread, no installed `lpips` file."""
    monkeypatch.setitem(
        PROFILES["smoke"].scales, "lunarlander", DatasetScale(z=(8,), rollouts=8, steps=6)
    )
    monkeypatch.setattr(PretrainedFile, "packaged_path", lambda self: None)
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    captured = capsys.readouterr()
    return info.value.code, captured.out, " ".join(captured.err.split())


def test_lpips_trains_in_the_smoke_profile_and_labels_its_results(capsys, isolated_home):
    write_lpips_files(cache_dir(), seed=0)
    code, _, err = run(capsys, *BENCH, "--loss-net", "lpips")
    assert code == 0, err
    assert "alexnet-random" not in err and "lpips-random" not in err
    code, out, _ = run(capsys, "results", "--format", "json")
    rows = json.loads(out)
    assert rows and {row["variant"] for row in rows} == {"pae"}
    assert {row["loss_net"] for row in rows} == {"lpips"}
    assert all(math.isfinite(row["value"]) for row in rows)


def test_lpips_without_its_files_stops_before_training(capsys, isolated_home):
    code, _, err = run(capsys, *BENCH, "--loss-net", "lpips")
    assert code != 0 and "Traceback" not in err
    assert PRETRAINED_FILES["lpips-alex"].file_name in err and "--loss-net lpips-random" in err
    assert not list((isolated_home / "runs").glob("*/checkpoint.pt"))
