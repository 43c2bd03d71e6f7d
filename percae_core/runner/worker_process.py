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


WORKER_MODULE = "percae_core.runner.queue_worker"


def is_queue_worker(pid: int | None, home: Home) -> bool:
    """Whether ``pid`` is alive and is a queue worker of ``home`` (its command line says so): a
    pid reused by an unrelated process after the worker died (SIGKILL, OOM, a reboot) is not
    trusted, neither to keep an item running nor to receive a cancel's SIGTERM. Where the
    command line cannot be read (no /proc), a live pid is trusted as before."""
    if not process_alive(pid):
        return False
    try:
        arguments = Path(f"/proc/{int(pid or 0)}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return True
    words = [word.decode(errors="replace") for word in arguments]
    if WORKER_MODULE not in words or "--home" not in words:
        return False
    given = words[words.index("--home") + 1] if words.index("--home") + 1 < len(words) else ""
    return Path(given) == home.root
