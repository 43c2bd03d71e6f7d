"""`percae perf`: the JSON contract of DESIGN.md, and bad flags as usage errors."""

from __future__ import annotations

import json

import pytest
import torch

from percae_core.cli.app import main


def run(args, capsys):
    with pytest.raises(SystemExit) as info:
        main(args)
    captured = capsys.readouterr()
    return info.value.code, captured.out, captured.err


def test_json_holds_a_train_record_per_impl_loss_and_input(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PERCAE_HOME", str(tmp_path))
    threads = torch.get_num_threads()
    try:
        code, out, _err = run(
            [
                "perf",
                "--device",
                "cpu",
                "--only",
                "train",
                "--batch-size",
                "2",
                "--steps",
                "1",
                "--steps-96",
                "1",
                "--threads",
                "1",
                "--json",
            ],
            capsys,
        )
    finally:
        torch.set_num_threads(threads)
    assert code == 0
    data = json.loads(out)
    keys = {(r["impl"], r["loss"], r["input"]) for r in data["train"]}
    assert keys == {
        (i, loss, s)
        for i in ("percae", "naive")
        for loss in ("pixel", "perceptual")
        for s in (64, 96)
    }
    for record in data["train"]:
        assert record["batch_size"] == 2 and record["images_per_s"] > 0
    assert set(data["ratios"]) == {"pixel 64", "perceptual 64", "pixel 96", "perceptual 96"}
    assert data["generation"] == [] and data["grid"] == {}


@pytest.mark.parametrize(
    "args, said",
    [
        (["--only", "everything"], "Unknown section"),
        (["--steps", "0"], "--steps 0"),
        (["--memory-profile", "huge"], "Unknown profile"),
    ],
)
def test_bad_options_are_usage_errors(tmp_path, monkeypatch, capsys, args, said):
    monkeypatch.setenv("PERCAE_HOME", str(tmp_path))
    code, _out, err = run(["perf", "--device", "cpu", *args], capsys)
    assert code == 2
    assert said in err
