"""Run `percae` in-process the way a user's shell would, for the CLI tests."""

from __future__ import annotations

import pytest

from percae_core.cli.app import main


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The exit code, stdout and stderr of `percae ARGS` (stderr with its line wraps joined)."""
    with pytest.raises(SystemExit) as info:
        main(list(args))
    captured = capsys.readouterr()
    code = info.value.code
    return code if isinstance(code, int) else 1, captured.out, " ".join(captured.err.split())
