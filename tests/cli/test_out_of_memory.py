"""Running out of memory anywhere in bench, train or perf gives the device-memory message, exit
!= 0, the cell marked failed and everything finished kept (issue 24 item 6)."""

from __future__ import annotations

import pytest
import torch
from cli_invocation import run_cli

from percae_core.cli import results_cmd
from percae_core.memory import allocation_failure
from percae_core.results.db import ResultsDB
from percae_core.runner.executors import local

CPU_ALLOCATOR = (
    "DefaultCPUAllocator: can't allocate memory: you tried to allocate 8589934592 bytes."
)


@pytest.mark.parametrize(
    "exc",
    [MemoryError(), RuntimeError(CPU_ALLOCATOR), torch.OutOfMemoryError("CUDA out of memory.")],
    ids=["MemoryError", "cpu-allocator", "torch-oom"],
)
def test_allocation_failures_become_the_device_memory_message(exc):
    error = allocation_failure(exc)
    assert error is not None and "ran out of memory" in error.message
    assert "--batch-size" in (error.hint or "")


def test_other_runtime_errors_stay_bugs():
    assert allocation_failure(RuntimeError("shape mismatch")) is None
    assert allocation_failure(ValueError("out of memory")) is None


def test_a_cell_out_of_memory_is_marked_failed_with_the_message(
    capsys, isolated_home, tiny_lunarlander, monkeypatch
):
    def allocation_fails(*args: object) -> object:
        raise RuntimeError(CPU_ALLOCATOR)

    monkeypatch.setattr(local, "run_cell", allocation_fails)
    code, _, err = run_cli(
        capsys, "bench", "--dataset", "lunarlander", "--profile", "smoke", "--variants", "ae"
    )
    assert code == 1
    assert "ran out of memory" in err and "Traceback" not in err
    with ResultsDB.open(isolated_home / "results.sqlite") as db:
        (cell,) = db.cells.all()
    assert cell["status"] == "failed" and "ran out of memory" in (cell["error"] or "")


def test_a_memory_error_outside_a_cell_is_no_internal_error(capsys, tmp_path, monkeypatch):
    def allocation_fails(*args: object) -> object:
        raise MemoryError

    (tmp_path / "results.sqlite").write_bytes(b"")
    monkeypatch.setattr(results_cmd.ResultsDB, "open", allocation_fails)
    code, _, err = run_cli(capsys, "--home", str(tmp_path), "results")
    assert code == 1
    assert "ran out of memory" in err
    assert "unexpected internal error" not in err and "Traceback" not in err
