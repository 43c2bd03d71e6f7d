"""A stand-in for the results database's cell store inside a Ray task: it keeps the writes, the driver makes them.

Only the driver writes the SQLite database (one writer, no locks across nodes). A task records
its cell's fit, predictors, decoder and diagnostics here; they travel back as plain data in the
task's result and the driver replays them once the cell has finished, so a task that dies half
way leaves no row behind and a retried one never writes twice. Per-epoch losses are not kept:
they travel as `EpochFinished` events, which the driver records as they arrive (an upsert per
epoch, so a retried task that resumes from its checkpoint rewrites the same rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from percae_core.results.cell_store import CellStore


@dataclass
class CapturedWrites:
    calls: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)

    def record_epoch(self, cell_id: int, *args: Any) -> None:
        """Dropped: the epoch reaches the driver as an event (see the module docstring)."""

    def record_fit(self, cell_id: int, fit: dict) -> None:
        self.calls.append(("record_fit", (fit,)))

    def record_predictor(self, cell_id: int, *args: Any) -> None:
        self.calls.append(("record_predictor", args))

    def record_decoder(self, cell_id: int, *args: Any) -> None:
        self.calls.append(("record_decoder", args))

    def record_diagnostics(self, cell_id: int, diagnostics: dict) -> None:
        self.calls.append(("record_diagnostics", (diagnostics,)))


def replay(calls: list[tuple[str, tuple[Any, ...]]], cells: CellStore, cell_id: int) -> None:
    """Make the captured writes in ``cells`` for ``cell_id``, in the order the task made them."""
    for method, args in calls:
        getattr(cells, method)(cell_id, *args)
