"""Starting and watching queue worker processes (`percae_core.runner.queue_worker`) without
importing the training stack: the terminal UI uses this at startup."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from percae_core.paths import Home


def log_path(home: Home, item_id: int) -> Path:
    return home.root / "logs" / f"queue-{item_id}.log"


def spawn_worker(home: Home, item_id: int, drain: bool = True) -> subprocess.Popen:
    """Start a detached worker for ``item_id``; its output goes to `log_path` (it survives the UI)."""
    log = log_path(home, item_id)
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "percae_core.runner.queue_worker",
        "--home",
        str(home.root),
        "--item",
        str(item_id),
    ]
    if drain:
        command.append("--drain")
    with open(log, "ab") as handle:
        return subprocess.Popen(
            command,
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def process_alive(pid: int | None) -> bool:
    """Whether a worker process still runs (reaped or not), on this machine."""
    if not pid:
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{int(pid)}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"
