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
