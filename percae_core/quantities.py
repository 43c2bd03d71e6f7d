"""How percae writes a byte count and a duration for people, everywhere it shows one (the CLI,
the terminal UI, error messages): one place, so the same file never reads as two sizes."""

from __future__ import annotations

_BYTE_UNITS = ("B", "kB", "MB", "GB", "TB")


def byte_size(count: float) -> str:
    """``512 B``, ``6.1 kB``, ``233.1 MB``, ``1.5 GB`` (decimal units, one decimal)."""
    size = float(count)
    for unit in _BYTE_UNITS:
        if abs(size) < 1000 or unit == _BYTE_UNITS[-1]:
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable: the last unit always returns")


def duration(seconds: float | None) -> str:
    """``4m05s``, ``2h03m``; ``-`` when not known."""
    if seconds is None:
        return "-"
    whole = max(0, int(round(seconds)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"
