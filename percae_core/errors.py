"""Errors a user can cause, carrying the one-paragraph message the CLI and the TUI show.

Anything raised as a `PercaeError` is expected: the CLI prints its message (no traceback unless
`--debug`) and exits with its `exit_code`. Anything else is a bug.
"""

from __future__ import annotations


class PercaeError(Exception):
    """A failure the user can act on: what happened, then what to do."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message


class UsageError(PercaeError):
    """A bad flag or argument value (exit code 2, like Typer's own usage errors)."""

    exit_code = 2


class DataMissingError(PercaeError):
    """A dataset that a command needs has not been prepared or imported."""


class CorruptCacheError(PercaeError):
    """A cached file whose size, shape or checksum does not match its metadata."""


class WeightsMissingError(PercaeError):
    """Pretrained weights are needed but neither cached nor downloadable."""


class DeviceError(PercaeError):
    """The requested compute device is absent or ran out of memory."""


class CheckpointError(PercaeError):
    """A training checkpoint that is damaged or belongs to another configuration."""


class ResultsDatabaseError(PercaeError):
    """The results database cannot be used: damaged, locked too long, newer schema, disk full."""


class Interrupted(PercaeError):
    """The user stopped a run (Ctrl-C); everything finished before it is kept."""

    exit_code = 130


class DiskFullError(PercaeError):
    """A write failed because the disk is full; what was there before is kept."""
