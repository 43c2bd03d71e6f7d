"""How many renderer processes this machine can really run: capped by cores and by memory.

Each LunarLander renderer process imports the command line's modules and gymnasium and holds
about a gigabyte (measured ~950 MB, issue #13); ``--workers 1000`` would otherwise start dozens
of them, exhaust the memory and render nothing.
"""

from __future__ import annotations

import os

from percae_core.memory import available_memory_bytes

WORKER_BYTES = 1_000_000_000
"""Memory one renderer process needs (rounded up from the ~950 MB measured)."""


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def capped_workers(requested: int) -> tuple[int, str | None]:
    """(workers to start, why fewer than requested, or None when not capped)."""
    cores = usable_cores()
    memory = available_memory_bytes()
    by_memory = max(1, memory // WORKER_BYTES) if memory is not None else requested
    workers = max(1, min(requested, cores, by_memory))
    if workers == requested:
        return workers, None
    reasons = []
    if workers == cores:
        reasons.append(f"{cores} usable CPU cores")
    if memory is not None and workers == by_memory:
        reasons.append(
            f"{memory / 1e9:.1f} GB of free memory at about {WORKER_BYTES / 1e9:.0f} GB a worker"
        )
    noun = "process" if workers == 1 else "processes"
    why = f"Using {workers} renderer {noun} instead of {requested} ({'; '.join(reasons)})."
    return workers, why
