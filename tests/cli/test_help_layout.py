"""`percae --help`: commands in the workflow's order, on/off flags without a ``<bool>`` type."""

from __future__ import annotations

import re

import pytest
from cli_invocation import run_cli

from percae_core.cli.command_order import WORKFLOW_ORDER


def _help(capsys, *args: str) -> str:
    with pytest.raises(SystemExit):
        from percae_core.cli.app import main

        main([*args, "--help"])
    return capsys.readouterr().out


def test_commands_are_listed_in_the_workflow_order(capsys):
    text = _help(capsys)
    listed = re.findall(r"^│ (\w+) ", text.split("Commands")[1], flags=re.MULTILINE)
    expected = [name for name in WORKFLOW_ORDER if name in listed]
    assert listed[: len(expected)] == expected
    assert listed[:3] == ["data", "weights", "bench"]


@pytest.mark.parametrize("command", [[], ["bench"], ["data", "status"], ["figures"]])
def test_flags_show_no_bool_type(capsys, command):
    text = _help(capsys, *command)
    assert "<bool>" not in text
    assert "--help" in text


def test_short_help_still_works(capsys):
    code, out, _ = run_cli(capsys, "data", "status", "-h")
    assert code == 0 and "Usage" in out
