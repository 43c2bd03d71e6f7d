"""A SIGKILL of `percae data prepare` while LunarLander renders leaves no percae process behind
within 5 seconds: the fork server and the renderer workers die with it (issue #13, fault 4)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from process_tree import descendants


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:120]
    except OSError:
        return "?"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")
def test_sigkill_during_rendering_leaves_no_process_behind(tmp_path) -> None:
    env = {**os.environ, "PERCAE_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "percae_core.cli.app", "data", "prepare", "lunarlander"]
    command += ["--rollouts", "200", "--steps", "150", "--workers", "2"]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and len(workers) < 3:  # fork server + 2 renderers
            time.sleep(0.2)
            assert process.poll() is None, "percae data prepare ended before rendering"
            workers = descendants(process.pid)
        assert len(workers) >= 3, f"the renderer workers never started: {workers}"
        time.sleep(1.0)
        workers = descendants(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.1)
        left = {pid: _command(pid) for pid in workers if _alive(pid)}
        assert left == {}, f"processes left behind after SIGKILL: {left}"
    finally:
        process.kill()
        for pid in workers | descendants(process.pid):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
