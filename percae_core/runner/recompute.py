"""`percae bench --recompute CELL`: compute a finished or damaged cell again from scratch.

A cell is named by its config hash (as shown in messages about it), or any unique start of it.
Its run folder (checkpoint, embeddings, retrained decoder) is deleted and its status reset, so
the bench that follows trains and evaluates it anew; its new results replace the old rows.
"""

from __future__ import annotations

__all__ = ["forget_cells", "recompute_hint"]

import shutil
from collections.abc import Sequence

from percae_core.errors import UsageError
from percae_core.paths import Home
from percae_core.recompute_advice import recompute_hint
from percae_core.results.db import ResultsDB
from percae_core.runner.plan import Cell, Plan
from percae_core.statuses import CellStatus

#: the shortest hash prefix accepted: a blank or tiny one would match finished cells by accident
MIN_PREFIX = 4


def _match(plan: Plan, name: str) -> Cell:
    prefix = name.strip().lower()
    if len(prefix) < MIN_PREFIX:
        raise UsageError(
            f"--recompute {name!r} is too short to name a cell; nothing was deleted.",
            hint=f"Give at least {MIN_PREFIX} characters of the cell's config hash, as shown in "
            "percae's messages.",
        )
    found = [cell for cell in plan.cells if cell.config_hash.startswith(prefix)]
    if len(found) != 1:
        listed = ", ".join(f"{c.config_hash} ({c.label})" for c in plan.cells)
        raise UsageError(
            f"--recompute {name!r} {'matches no' if not found else 'matches more than one'} "
            "cell of this study.",
            hint=f"Give the config hash of one of its cells: {listed}.",
        )
    return found[0]


def forget_cells(plan: Plan, names: Sequence[str], home: Home, db: ResultsDB) -> list[Cell]:
    """Delete the named cells' files and reset their status; returns the cells."""
    cells = [_match(plan, name) for name in names]
    for cell in cells:
        shutil.rmtree(home.runs / cell.config_hash, ignore_errors=True)
        row = db.cells.get(cell.config_hash)
        if row is not None:
            db.cells.set_status(int(row["id"]), CellStatus.INTERRUPTED, "recompute requested")
    return cells
