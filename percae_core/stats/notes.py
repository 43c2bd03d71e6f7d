"""Sentences about uncertainty that the CLI, the TUI, the tables and the figures share."""

from __future__ import annotations

from collections.abc import Collection

#: Said beside an overhead interval that holds 0.
NOISE_BOUND = "CPU timings on a shared machine are noise-bound"


def repeats_note(repeats: Collection[int]) -> str:
    """How many repeats the cells of a study have, and what that allows to conclude."""
    counts = sorted(set(repeats))
    if not counts:
        return ""
    shown = str(counts[0]) if len(counts) == 1 else f"{counts[0]} to {counts[-1]}"
    text = f"Repeats per cell: {shown}. "
    if counts[0] < 2:
        text += (
            "A single run cannot separate differences smaller than the run-to-run spread; "
            "add --repeats 3 or more to see it. "
        )
    return text + "Verdicts with intervals: `percae compare`."
