"""Locks in the home so that two percae processes never do the same work at once.

One lock per dataset cache and per grid cell, each a file under ``<home>/locks`` held with
``fcntl.flock``: the kernel releases it when its holder ends, however it ends (a SIGKILL
included), so a lock is never left stale. The second process waits (saying so) and then reuses
what the first one made instead of computing it again.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from percae_core.events import EventSink, Notice, ignore_events

try:
    import fcntl
except ImportError:  # Windows: no flock; percae runs there without the cross-process locks
    fcntl = None  # type: ignore[assignment]

LOCKS_FOLDER = "locks"


def lock_path(home_root: Path, name: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    return Path(home_root) / LOCKS_FOLDER / f"{safe}.lock"


class HeldLock:
    """A held lock. ``other_finished``: this process waited, and the holder before it marked
    the work finished (so it can be reused rather than done again)."""

    def __init__(self, descriptor: int, waited: bool) -> None:
        self.descriptor = descriptor
        self.other_finished = False
        if waited:
            os.lseek(descriptor, 0, os.SEEK_SET)
            self.other_finished = os.read(descriptor, 64).startswith(_FINISHED)
        os.ftruncate(descriptor, 0)  # a mark is only for the process that waited on it

    def mark_finished(self) -> None:
        """Tell a process waiting for this lock that the work is done."""
        os.lseek(self.descriptor, 0, os.SEEK_SET)
        os.write(self.descriptor, _FINISHED)


_FINISHED = b"finished\n"


@contextlib.contextmanager
def work_lock(
    home_root: Path, name: str, what: str, on_event: EventSink = ignore_events
) -> Iterator[HeldLock | None]:
    """Hold the lock ``name`` for the block; if another process holds it, wait and say so.

    Yields None where there is no flock (Windows).
    """
    if fcntl is None:
        yield None
        return
    path = lock_path(home_root, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        waited = False
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_event(
                Notice(
                    "info",
                    f"Another percae process is working on {what}; waiting for it to finish "
                    "and then reusing its work.",
                )
            )
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            waited = True
        yield HeldLock(descriptor, waited)
    finally:
        os.close(descriptor)  # closing releases the lock
