"""`percae train` on a tiny LunarLander collection: train, reuse, restart, fallback, bad flags."""

from __future__ import annotations

import pytest
import torch
from cli_invocation import run_cli

TINY = [
    "--dataset",
    "lunarlander",
    "--profile",
    "smoke",
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
def _tiny(tiny_lunarlander):
    """Every test here trains on the tiny collection."""


def test_train_then_reuse_then_restart(capsys, isolated_home):
    code, out, err = run_cli(capsys, "train", "--variant", "ae", *TINY)
    assert code == 0, err
    assert "finished" in out and "best val loss" in out
    checkpoints = list((isolated_home / "runs" / "train").glob("*/checkpoint.pt"))
    assert len(checkpoints) == 1 and str(checkpoints[0]) in out.replace("\n", "")

    code, out, _ = run_cli(capsys, "train", "--variant", "ae", *TINY)
    assert code == 0 and "already trained" in out

    code, out, _ = run_cli(capsys, "train", "--variant", "ae", *TINY, "--restart")
    assert code == 0 and "finished" in out and "already trained" not in out


def test_perceptual_training_offline_falls_back_with_a_warning(capsys):
    code, out, err = run_cli(capsys, "train", "--variant", "pae", *TINY)
    assert code == 0, err
    assert "alexnet-random" in out
    assert " ".join(err.split()).count("not the paper's perceptual loss") == 2  # start and end


@pytest.mark.parametrize(
    "flags, code, message",
    [
        (["--variant", "ae", "--z", "0"], 2, "latent size must be a positive"),
        (["--variant", "gan"], 2, "ae, vae, pae, pvae"),
        (["--variant", "ae", "--epochs", "0"], 2, "--epochs"),
        (["--variant", "ae", "--device", "tpu"], 2, "Unknown device"),
        (["--variant", "pae", "--loss-net", "vgg99"], 2, "Unknown loss network"),
        (["--variant", "ae", "--precision", "fp16"], 2, "Unknown training precision"),
    ],
)
def test_bad_flags_are_usage_errors(capsys, flags, code, message, isolated_home):
    args = TINY + flags  # later flags win
    got, _, err = run_cli(capsys, "train", *args)
    assert got == code and message in " ".join(err.split())
    assert not (isolated_home / "datasets").exists() or not any(
        (isolated_home / "datasets").iterdir()
    )


def test_missing_gpu_is_reported_before_loading_data(capsys, monkeypatch, isolated_home):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    code, _, err = run_cli(capsys, "train", "--variant", "ae", *TINY, "--device", "cuda")
    assert code == 1 and "CUDA GPU was requested" in " ".join(err.split())
    assert not (isolated_home / "datasets" / "lunarlander").exists()
