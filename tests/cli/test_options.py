"""Float options refuse nan/inf and every --seed follows one rule, all at parse time (#13, 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from percae_core.cli.app import main


def _run(args: list[str], capsys) -> tuple[int, str]:
    with pytest.raises(SystemExit) as caught:
        main(args)
    return caught.value.code, capsys.readouterr().err


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
@pytest.mark.parametrize(
    "command",
    [
        ["bench", "--dataset", "lunarlander", "--profile", "smoke"],
        ["train", "--dataset", "lunarlander", "--variant", "vae", "--epochs", "1"],
    ],
)
def test_non_finite_gamma_is_refused_before_anything_is_computed(
    command, value, isolated_home: Path, capsys
) -> None:
    code, err = _run([*command, "--gamma", value], capsys)
    assert code == 2 and "finite" in err
    assert not (isolated_home / "results.sqlite").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["bench", "--dataset", "lunarlander", "--profile", "smoke"],
        ["train", "--dataset", "lunarlander", "--variant", "ae"],
        ["data", "prepare", "lunarlander"],
    ],
)
def test_a_negative_seed_is_refused_by_every_command_alike(
    command, isolated_home: Path, capsys
) -> None:
    code, err = _run([*command, "--seed", "-1"], capsys)
    assert code == 2 and "--seed" in err
    assert not (isolated_home / "results.sqlite").exists()


BENCH = ["bench", "--dataset", "lunarlander", "--profile", "smoke"]
TRAIN = ["train", "--dataset", "lunarlander", "--variant", "vae", "--z", "8", "--epochs", "1"]


@pytest.mark.parametrize(
    "args,flag",
    [
        ([*BENCH, "--seed", str(2**64)], "--seed"),
        ([*BENCH, "--seed", str(2**63)], "--seed"),
        ([*TRAIN, "--seed", str(2**64)], "--seed"),
        (["data", "prepare", "lunarlander", "--seed", str(2**64)], "--seed"),
        ([*BENCH, "--repeats", "1000000000"], "--repeats"),
        ([*BENCH, "--batch-size", str(10**20)], "--batch-size"),
        ([*TRAIN, "--batch-size", str(10**20)], "--batch-size"),
        (["perf", "--batch-size", str(10**20)], "--batch-size"),
        (["perf", "--threads", "100000"], "--threads"),
        (["perf", "--threads", "0"], "--threads"),
        (["figures", "--images", "1000000000"], "--images"),
        (["report", "--images", "17"], "--images"),
    ],
)
def test_absurd_whole_numbers_are_usage_errors_at_parse_time(
    args, flag, isolated_home: Path, capsys
) -> None:
    code, err = _run(args, capsys)
    assert code == 2 and flag in err, err
    assert not (isolated_home / "results.sqlite").exists()
    assert not (isolated_home / "datasets").exists()


@pytest.mark.parametrize("command", [BENCH, TRAIN])
def test_a_huge_gamma_is_refused_before_training(command, isolated_home: Path, capsys) -> None:
    code, err = _run([*command, "--gamma", "1e300"], capsys)
    assert code == 2 and "--gamma" in err, err
    assert not (isolated_home / "results.sqlite").exists()
