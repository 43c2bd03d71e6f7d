"""How much memory this machine can still give: checked before building big models or pools."""

from __future__ import annotations

import os

from percae_core.errors import DeviceError


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


#: what an allocation failure says: torch's CPU allocator, CUDA's, or Python's own
_ALLOCATION_MARKERS = ("can't allocate memory", "out of memory", "cannot allocate memory")


def allocation_failure(exc: BaseException) -> DeviceError | None:
    """The device-memory message for an allocation that failed (a `MemoryError`, torch's
    `OutOfMemoryError`, a RuntimeError "DefaultCPUAllocator: can't allocate memory"), else None.
    Everything finished before it is in the database; the running work is what failed."""
    if not isinstance(exc, MemoryError | RuntimeError) or isinstance(exc, DeviceError):
        return None
    text = str(exc)
    if not isinstance(exc, MemoryError) and not any(
        marker in text.lower() for marker in _ALLOCATION_MARKERS
    ):
        return None
    available = available_memory_bytes()
    free = "" if available is None else f" ({available / 2**30:.1f} GiB free now)"
    detail = f": {text.splitlines()[0]}" if text else ""
    return DeviceError(
        f"The machine ran out of memory{free} ({type(exc).__name__}{detail}). Everything finished "
        "before it is kept in the database; the work that was running is marked failed or "
        "interrupted.",
        hint="Run again with a smaller --batch-size, fewer cells at once (--max-concurrent with "
        "Ray), or close other programs; on a GPU, see `nvidia-smi` or use --device cpu.",
    )
