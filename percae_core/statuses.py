"""The statuses a study cell and a queue item can have, stored as their text values.

Both are ``str`` enums, so SQL parameters, JSON and comparisons with stored text see the same
values as before they were enums (``CellStatus.DONE == "done"``).
"""

from __future__ import annotations

from enum import Enum


class CellStatus(str, Enum):
    """A grid cell's status in the ``cells`` table; the tables read only ``DONE`` cells."""

    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    INTERRUPTED = "interrupted"

    def __str__(self) -> str:
        return self.value


class QueueStatus(str, Enum):
    """A terminal-UI queue item's status in the ``queue`` table."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    INTERRUPTED = "interrupted"
    SKIPPED = "skipped"
    PAUSED = "paused"
    CANCELLED = "cancelled"

    def __str__(self) -> str:
        return self.value
