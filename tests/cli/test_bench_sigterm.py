"""SIGTERM (a Slurm time limit, `kill`) stops `percae bench` like Ctrl-C: the running cell is
marked interrupted, the resume hint is printed (no flag bench lacks), exit 130."""

from __future__ import annotations

import os
import signal
import time

from cli_invocation import run_cli

from percae_core.results.db import ResultsDB
from percae_core.runner.executors import local


def test_sigterm_marks_the_cell_interrupted_and_prints_the_resume_hint(
    capsys, isolated_home, tiny_lunarlander, monkeypatch
) -> None:
    def terminated(*args: object, **kwargs: object) -> list[str]:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the signal arrives here
        raise AssertionError("SIGTERM did not stop the cell")

    monkeypatch.setattr(local, "run_cell", terminated)
    # what was installed before (SIG_DFL, or Ray's handler once a Ray test ran in this process)
    before = signal.getsignal(signal.SIGTERM)
    code, _, err = run_cli(
        capsys, "bench", "--dataset", "lunarlander", "--profile", "smoke", "--variants", "ae"
    )
    assert code == 130, err
    assert "Run the same command again" in err and "--restart" not in err
    with ResultsDB.open(isolated_home / "results.sqlite") as db:
        statuses = [record["status"] for record in db.cells.all()]
    assert statuses == ["interrupted"]
    assert signal.getsignal(signal.SIGTERM) is before  # the handler is restored
