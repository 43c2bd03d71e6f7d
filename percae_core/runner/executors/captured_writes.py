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

from percae_core.results.cell_store import CellStore
from percae_core.results.rows import DiagnosticsRow, EpochRow, FitRow


@dataclass(frozen=True)
class PredictorWrite:
    predictor: str
    architecture: str
    val_loss: float
    metric: str
    value: float


@dataclass(frozen=True)
class DecoderWrite:
    value: float
    epochs: int


#: One captured write: the typed row it will make in the cell store.
CapturedWrite = FitRow | PredictorWrite | DecoderWrite | DiagnosticsRow


@dataclass
class CapturedWrites:
    """A `CellRecorder` that keeps the writes (typed rows, which pickle) for `replay`."""

    writes: list[CapturedWrite] = field(default_factory=list)

    def record_epoch(self, cell_id: int, row: EpochRow, /) -> None:
        """Dropped: the epoch reaches the driver as an event (see the module docstring)."""

    def record_fit(self, cell_id: int, fit: FitRow, /) -> None:
        self.writes.append(fit)

    def record_predictor(
        self,
        cell_id: int,
        predictor: str,
        architecture: str,
        val_loss: float,
        metric: str,
        value: float,
        /,
    ) -> None:
        self.writes.append(PredictorWrite(predictor, architecture, val_loss, metric, value))

    def record_decoder(self, cell_id: int, value: float, epochs: int, /) -> None:
        self.writes.append(DecoderWrite(value, epochs))

    def record_diagnostics(self, cell_id: int, diagnostics: DiagnosticsRow, /) -> None:
        self.writes.append(diagnostics)


def replay(writes: list[CapturedWrite], cells: CellStore, cell_id: int) -> None:
    """Make the captured writes in ``cells`` for ``cell_id``, in the order the task made them."""
    for write in writes:
        if isinstance(write, FitRow):
            cells.record_fit(cell_id, write)
        elif isinstance(write, PredictorWrite):
            cells.record_predictor(
                cell_id,
                write.predictor,
                write.architecture,
                write.val_loss,
                write.metric,
                write.value,
            )
        elif isinstance(write, DecoderWrite):
            cells.record_decoder(cell_id, write.value, write.epochs)
        else:
            cells.record_diagnostics(cell_id, write)
