"""The advice that recomputes one damaged or stale cell: `percae bench ... --recompute CELL`.

Low in the layers so that every stage that finds a damaged file (reconstructions, the cell run)
can give it; `runner/recompute.py` does the recomputing.
"""

from __future__ import annotations


def recompute_hint(config_hash: str) -> str:
    """The advice that really recomputes one cell (a plain rerun skips finished cells)."""
    return (
        f"Run the same `percae bench` command with `--recompute {config_hash}` added: it deletes "
        "this cell's files and computes it again; every other result is kept."
    )
