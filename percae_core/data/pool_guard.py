"""Worker processes that die with the percae process that started them.

A SIGKILL gives the parent no chance to stop its pool, and a renderer worker blocked on the
pool's queue would otherwise sleep forever (holding ~1 GB each). Every worker therefore:

- asks Linux for a parent-death signal (``prctl(PR_SET_PDEATHSIG, SIGKILL)``), which covers
  its direct parent (the fork server, or percae itself when the pool spawns);
- runs a watchdog thread on percae's own pid, through a pidfd where there is one (immune to pid
  reuse), else by polling: when percae ends, the worker kills itself at once.

A worker only reaches the pool's initializer after importing the main module (seconds), so the
fork server preloads this module too: imported there, it gives the fork server itself a
parent-death signal (it dies with percae) and, through `os.register_at_fork`, gives every
process it forks one from its first instruction (they die with the fork server).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

PR_SET_PDEATHSIG = 1
_POLL_S = 0.5


def _set_parent_death_signal() -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch(pid: int) -> None:
    """Return once process ``pid`` has ended."""
    try:
        descriptor = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    except (AttributeError, OSError):
        while _exists(pid):
            time.sleep(_POLL_S)
        return
    try:
        select.select([descriptor], [], [])
    finally:
        os.close(descriptor)


def _watchdog(pid: int) -> None:
    _watch(pid)
    os.kill(os.getpid(), signal.SIGKILL)


def die_with(parent_pid: int) -> None:
    """Make this process end as soon as ``parent_pid`` (percae) ends, however it ends."""
    _set_parent_death_signal()
    if not _exists(parent_pid):
        os.kill(os.getpid(), signal.SIGKILL)
    threading.Thread(
        target=_watchdog, args=(parent_pid,), daemon=True, name="percae-parent-watchdog"
    ).start()


def guarded_initializer(
    parent_pid: int, initializer: Callable[..., object], args: tuple[Any, ...]
) -> None:
    """A pool initializer: `die_with` percae, then the real ``initializer(*args)``."""
    die_with(parent_pid)
    initializer(*args)


def _in_fork_server() -> bool:
    """Whether this import runs inside multiprocessing's fork server (it preloads this module)."""
    frame: FrameType | None = sys._getframe()
    while frame is not None:
        code = frame.f_code
        if code.co_name == "main" and code.co_filename.endswith(
            os.path.join("multiprocessing", "forkserver.py")
        ):
            return True
        frame = frame.f_back
    return False


def _guard_fork_server() -> None:
    _set_parent_death_signal()
    if os.getppid() == 1:  # percae ended before the signal was armed
        os.kill(os.getpid(), signal.SIGKILL)
    server = os.getpid()

    def child_dies_with_server() -> None:
        _set_parent_death_signal()
        if os.getppid() != server:
            os.kill(os.getpid(), signal.SIGKILL)

    os.register_at_fork(after_in_child=child_dies_with_server)


if sys.platform.startswith("linux") and _in_fork_server():
    _guard_fork_server()
