"""Every command that reads results checks --dataset, --profile and --loss-net the same way:
an unknown name is bad usage (exit 2) whether or not the home has results; no results is exit 1
for the commands that make something from them (figures, report, preview)."""

from __future__ import annotations

import pytest
from cli_invocation import run_cli

from percae_core.results.db import ResultsDB

READERS = [
    ["results"],
    ["figures", "--out", "{tmp}/figures"],
    ["report", "--out", "{tmp}/report.html"],
    ["compare"],
    ["preview"],
    ["export", "tensorboard", "--out", "{tmp}/tb"],
]


def _args(command: list[str], tmp_path) -> list[str]:
    return [part.replace("{tmp}", str(tmp_path)) for part in command]


@pytest.mark.parametrize("with_database", [False, True], ids=["no-database", "empty-database"])
@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_an_unknown_dataset_is_bad_usage_everywhere(capsys, tmp_path, command, with_database):
    home = tmp_path / "home"
    if with_database:
        ResultsDB.open(home / "results.sqlite").close()
    code, _, err = run_cli(
        capsys, "--home", str(home), *_args(command, tmp_path), "--dataset", "nope"
    )
    assert code == 2
    assert "Unknown dataset 'nope'" in err and "lunarlander" in err


@pytest.mark.parametrize("flag", ["--profile", "--loss-net"])
def test_results_refuses_an_unknown_profile_or_loss_network_on_an_empty_home(
    capsys, tmp_path, flag
):
    code, _, err = run_cli(capsys, "--home", str(tmp_path), "results", flag, "nope")
    assert code == 2
    assert "Unknown" in err and "'nope'" in err


def test_results_accepts_a_loss_network_layer_alias(capsys, tmp_path):
    code, _, err = run_cli(capsys, "--home", str(tmp_path), "results", "--loss-net", "alexnet")
    assert code == 0 and "No results yet" in err


@pytest.mark.parametrize("command", READERS[1:3] + READERS[4:5], ids=lambda c: c[0])
def test_commands_that_make_something_exit_1_on_a_home_without_results(capsys, tmp_path, command):
    home = tmp_path / "home"
    ResultsDB.open(home / "results.sqlite").close()
    code, _, err = run_cli(capsys, "--home", str(home), *_args(command, tmp_path))
    assert code == 1, err


@pytest.mark.parametrize("command", READERS[1:3], ids=lambda c: c[0])
def test_long_commands_say_what_they_are_doing_before_the_work(capsys, tmp_path, command):
    home = tmp_path / "home"
    ResultsDB.open(home / "results.sqlite").close()
    _, _, err = run_cli(capsys, "--home", str(home), *_args(command, tmp_path))
    assert "Drawing the figures" in err or "Writing the report" in err
