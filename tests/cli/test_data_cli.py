"""`percae data prepare|status`: what the user sees and the exit codes."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from cli_invocation import run_cli


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("PERCAE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path / "home"


SMALL = ("data", "prepare", "lunarlander", "--rollouts", "7", "--steps", "3", "--workers", "1")


def test_prepare_then_status_then_reuse(capsys, home) -> None:
    code, out, _ = run_cli(capsys, *SMALL)
    assert code == 0
    assert "Prepared 21 frames" in out and "frames/s" in out
    assert "off-screen frames removed from the second half" in out
    code, out, _ = run_cli(capsys, "data", "status")
    assert code == 0
    assert "LunarLander (lunarlander): 1 prepared" in out
    assert "r7-s3-seed0-continue: 21 frames" in out
    assert str(home / "datasets" / "lunarlander" / "r7-s3-seed0-continue") in out
    code, out, err = run_cli(capsys, *SMALL, "--onscreen", "exact")
    assert code == 0
    assert "Already prepared: 21 frames" in out and "--onscreen exact" in out
    assert "Reusing" in " ".join(err.split())


def test_status_of_an_empty_home_says_how_to_get_each_dataset(capsys, home) -> None:
    code, out, _ = run_cli(capsys, "data", "status")
    assert code == 0
    assert (
        "LunarLander (lunarlander): not prepared. Render it with `percae data prepare lunarlander`"
        in out
    )
    from percae_core.data.registry import datasets

    for spec in datasets().values():
        assert f"({spec.name}): not prepared" in out


@pytest.mark.parametrize(
    "args, words",
    [
        (("--rollouts", "3"), "at least 7 rollouts"),
        (("--rollouts", "0"), "Use --rollouts 7 or more"),
        (("--rollouts", "7", "--steps", "-2"), "--steps -2"),
        (("--rollouts", "7", "--workers", "0"), "--workers 0"),
        (("--on-end", "stop"), "--on-end"),
        (("--rollouts", "many"), "--rollouts"),
    ],
)
def test_bad_values_exit_2_with_a_message(capsys, home, args, words) -> None:
    code, out, err = run_cli(capsys, "data", "prepare", "lunarlander", *args)
    assert code == 2
    assert words in " ".join(err.split())
    assert not (home / "datasets" / "lunarlander").exists()


def test_unknown_or_imported_datasets_are_refused(capsys, home) -> None:
    code, _, err = run_cli(capsys, "data", "prepare", "mnist")
    assert code == 2 and "Unknown dataset 'mnist'" in err
    code, _, err = run_cli(capsys, "data", "prepare", "stl10")
    assert code == 2 and "imported" in err


def test_damaged_cache_exits_1_naming_the_rebuild_command(capsys, home) -> None:
    assert run_cli(capsys, *SMALL)[0] == 0
    images = home / "datasets" / "lunarlander" / "r7-s3-seed0-continue" / "images.npy"
    with open(images, "r+b") as handle:
        handle.truncate(images.stat().st_size - 10)
    code, _, err = run_cli(capsys, *SMALL)
    text = " ".join(err.split())
    assert code == 1
    assert "truncated" in text
    assert (
        "percae data prepare lunarlander --rollouts 7 --steps 3 --seed 0 --on-end continue --force"
        in text
    )
    assert run_cli(capsys, *SMALL, "--force")[0] == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_home_exits_1(capsys, tmp_path, monkeypatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    monkeypatch.setenv("PERCAE_HOME", str(locked / "home"))
    code, _, err = run_cli(capsys, *SMALL)
    assert code == 1 and "cannot be written" in err


def test_home_that_is_a_file_exits_1(capsys, tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PERCAE_HOME", str(blocker / "home"))
    code, _, err = run_cli(capsys, *SMALL)
    assert code == 1 and "cannot be written" in " ".join(err.split())


def test_console_script_prepares_with_two_workers(tmp_path) -> None:
    """End to end: a real `percae` process, its process pool and the cache it leaves.

    Run as `python -m percae_core` (the console script's code): the pool's forkserver then does
    not import the whole CLI a second time, which keeps this test quick on a loaded machine.
    """
    env = {**os.environ, "PERCAE_HOME": str(tmp_path)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "percae_core",
            "data",
            "prepare",
            "lunarlander",
            "--rollouts",
            "8",
            "--steps",
            "3",
            "--workers",
            "2",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "datasets" / "lunarlander" / "r8-s3-seed0-continue"
    assert np.load(folder / "images.npy", mmap_mode="r").shape == (24, 3, 64, 64)
    assert sorted(p.name for p in (tmp_path / "datasets" / "lunarlander").iterdir()) == [
        folder.name
    ]
