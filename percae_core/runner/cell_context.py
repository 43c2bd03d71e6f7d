"""What every cell of a study shares (`CellContext`) and where a cell writes (`CellRecorder`).

The stages of a cell (`runner/cell_stages/`) take the context; executors make it with the
database's cell store (local) or a `CapturedWrites` (in a Ray task).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar

import torch

from percae_core import __version__
from percae_core.events import EventSink
from percae_core.models.loss_networks import LossNetwork
from percae_core.profiles import Profile
from percae_core.results.rows import DiagnosticsRow, EpochRow, FitRow
from percae_core.runner.plan import LossKey


class CellRecorder(Protocol):
    """Where a cell writes its results: the database's cell store, or `CapturedWrites` in a Ray
    task (which the driver replays into the cell store)."""

    def record_epoch(self, cell_id: int, row: EpochRow, /) -> None: ...

    def record_fit(self, cell_id: int, fit: FitRow, /) -> None: ...

    def record_predictor(
        self,
        cell_id: int,
        predictor: str,
        architecture: str,
        val_loss: float,
        metric: str,
        value: float,
        /,
    ) -> None: ...

    def record_decoder(self, cell_id: int, value: float, epochs: int, /) -> None: ...

    def record_diagnostics(self, cell_id: int, diagnostics: DiagnosticsRow, /) -> None: ...


RecorderT = TypeVar("RecorderT", bound=CellRecorder)


@dataclass
class CellContext(Generic[RecorderT]):
    """What every cell of one study shares; executors hold it with the database's cell store."""

    cells: RecorderT
    profile: Profile
    runs: Path
    device: torch.device
    loss_networks: dict[LossKey, LossNetwork]
    """Built once per study, by (name, distance, input normalisation): `Cell.loss_key`."""
    trivial: dict[str, float]
    on_event: EventSink
    should_stop: Callable[[], bool] | None = None


def library_versions() -> dict[str, str]:
    import numpy
    import torchvision

    return {
        "percae": __version__,
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "numpy": numpy.__version__,
    }
