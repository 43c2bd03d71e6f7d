"""Ctrl-C during `percae bench` is a stop the user asked for, not an error: one calm line with
the resume hint, exit 130, no "Error:", and no bar jumps to its end."""

from __future__ import annotations

import pytest
from cli_invocation import run_cli

from percae_core.errors import Interrupted
from percae_core.events import TaskAdvanced, TaskFinished, TaskStarted
from percae_core.results.db import ResultsDB
from percae_core.runner.executors import local


def _grid_stopped_by_ctrl_c(cell, cell_id, parts, ctx) -> list[str]:
    """What the predictor grid does on Ctrl-C in its 37th of 100 epochs."""
    ctx.on_event(TaskStarted("predictor-grid", "predictor grid", total=100, unit="epochs"))
    try:
        ctx.on_event(TaskAdvanced("predictor-grid", 37))
        raise Interrupted(
            "Predictor training was stopped during epoch 38 of 100; no predictor result was kept.",
            hint="Run the command again: finished cells are skipped and this one is redone.",
        )
    finally:
        ctx.on_event(TaskFinished("predictor-grid"))


def _ctrl_c(cell, cell_id, parts, ctx) -> list[str]:
    raise KeyboardInterrupt


@pytest.mark.parametrize("stop", [_grid_stopped_by_ctrl_c, _ctrl_c], ids=["in-grid", "in-cell"])
def test_ctrl_c_in_bench_is_a_calm_stop(capsys, isolated_home, tiny_lunarlander, monkeypatch, stop):
    monkeypatch.setattr(local, "run_cell", stop)
    code, _, err = run_cli(
        capsys, "bench", "--dataset", "lunarlander", "--profile", "smoke", "--variants", "ae"
    )
    assert code == 130, err
    assert "Error" not in err
    assert "Run the command again" in err or "Run the same command again" in err
    assert "done predictor grid:" not in err  # a stopped bar never claims to be done
    if stop is _grid_stopped_by_ctrl_c:
        assert "stopped predictor grid at 37/100" in err
    with ResultsDB.open(isolated_home / "results.sqlite") as db:
        assert [record["status"] for record in db.cells.all()] == ["interrupted"]
