"""`--workers 1000` is capped by cores and by memory, and says so (issue #13, fault 5)."""

from __future__ import annotations

import pytest

from percae_core.cli.app import main
from percae_core.data import worker_cap


def test_the_pool_is_capped_by_cores_and_by_memory(monkeypatch) -> None:
    monkeypatch.setattr(worker_cap, "usable_cores", lambda: 16)
    monkeypatch.setattr(worker_cap, "available_memory_bytes", lambda: 3_500_000_000)
    workers, why = worker_cap.capped_workers(1000)
    assert workers == 3 and "instead of 1000" in why and "memory" in why
    monkeypatch.setattr(worker_cap, "available_memory_bytes", lambda: 64_000_000_000)
    workers, why = worker_cap.capped_workers(1000)
    assert workers == 16 and "16 usable CPU cores" in why
    assert worker_cap.capped_workers(2) == (2, None)


def test_prepare_with_1000_workers_renders_with_what_the_machine_has(monkeypatch, capsys) -> None:
    monkeypatch.setattr(worker_cap, "usable_cores", lambda: 1)
    monkeypatch.setenv("COLUMNS", "250")
    args = ["data", "prepare", "lunarlander", "--rollouts", "7", "--steps", "3"]
    with pytest.raises(SystemExit) as caught:
        main([*args, "--workers", "1000"])
    captured = capsys.readouterr()
    assert caught.value.code == 0 and "Prepared 21 frames" in captured.out
    assert "Using 1 renderer process instead of 1000" in " ".join(captured.err.split())
