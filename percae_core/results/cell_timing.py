"""What a finished cell took on this machine, read back for the ETA (`runner/eta.py`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CellTiming:
    """Mean over finished cells of one dataset, profile and loss kind on one kind of device."""

    seconds_per_epoch: float
    """One autoencoder epoch, its validation pass included."""
    after_fit_seconds: float
    """From the end of the fit to the cell's diagnostics: predictor grid, decoder, diagnostics."""
    cells: int
    """How many finished cells the means are over."""
