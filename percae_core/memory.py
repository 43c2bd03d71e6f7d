"""How much memory this machine can still give: checked before building big models or pools."""

from __future__ import annotations

import os


def available_memory_bytes() -> int | None:
    """Memory this machine can still give (MemAvailable on Linux), None when unknown."""
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None
