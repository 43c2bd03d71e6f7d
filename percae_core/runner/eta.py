"""The ETA of a plan: learnt from this machine's finished cells where it has any, else a first
guess from each dataset's catalog entry (its part sizes and image size).

A cell's time is its autoencoder epochs plus what follows the fit (predictor grid, decoder
retraining, diagnostics); finished cells of the same dataset, profile and loss kind on this kind
of device give both (`CellStore.measured_timings`). Without them the estimate says it is a
first guess ("estimating"), so nobody reads it as a measurement.
"""

from __future__ import annotations

from dataclasses import dataclass

from percae_core.data.catalog import describe
from percae_core.profiles import Profile
from percae_core.results.cell_timing import CellTiming
from percae_core.runner.plan import Cell

DEFAULT_IMAGES_PER_S = {
    ("cpu", False): 250.0,
    ("cpu", True): 200.0,
    ("cuda", False): 15_000.0,
    ("cuda", True): 12_000.0,
}
"""Training images/s at 64x64 when no earlier fit says better (CPU: between the smoke study's
fits, 130-170/s with validation, and the quick study's longer epochs on a 2-core Intel Xeon,
fp32, so both land within 2x of their measured times; CUDA: a guess, not measured)."""
PIXELS_64 = 64 * 64
OVERHEAD = 2.0
"""What follows the fit (predictors, decoder retraining, diagnostics) and the study's start
(data, raw-pixel baselines) on top of the autoencoder's epochs, when nothing is measured (the
smoke study on 2 cores: 100 s for 48 s of fits)."""
STUDY_START_S = 20.0
"""Loading or rendering the data and the raw-pixel baselines once per study, when learnt cells
cover the rest (the smoke study: 17 s from its start to its first fit)."""

Timings = dict[tuple[str, str, bool], CellTiming]


@dataclass(frozen=True)
class Estimate:
    seconds: float
    learnt_cells: int
    """Cells estimated from this machine's finished cells; the rest are first guesses."""
    cells: int

    @property
    def learnt(self) -> bool:
        return self.cells > 0 and self.learnt_cells == self.cells

    def text(self, duration: str) -> str:
        if self.learnt:
            return f"{duration} (from this machine's finished cells)"
        return f"estimating: {duration} is a first guess (no such cell has finished here yet)"


def ae_train_images(cell: Cell, profile: Profile) -> int:
    """Autoencoder training images of one epoch: 80% of the part the profile uses."""
    scale = profile.scale(cell.dataset)
    full = describe(cell.dataset).ae_part_images(scale)
    return int(0.8 * min(full, scale.ae_images or full))


def _guess(
    cell: Cell, profile: Profile, device_type: str, measured: dict[tuple[str, bool], float]
) -> float:
    rate = measured.get((cell.dataset, cell.variant.perceptual))
    if rate is None:
        rate = DEFAULT_IMAGES_PER_S[(device_type, cell.variant.perceptual)]
        height, width = describe(cell.dataset).image_size
        rate *= PIXELS_64 / (height * width)
    return ae_train_images(cell, profile) * cell.epochs / rate * OVERHEAD


def estimate(
    cells: list[Cell],
    profile: Profile,
    device_type: str,
    measured: dict[tuple[str, bool], float],
    timings: Timings | None = None,
) -> Estimate:
    """The plan's seconds; ``measured`` maps (dataset, perceptual) to images/s seen before and
    ``timings`` (dataset, profile, perceptual) to what finished cells took."""
    total, learnt = 0.0, 0
    for cell in cells:
        timing = (timings or {}).get((cell.dataset, profile.name, cell.variant.perceptual))
        if timing is None:
            total += _guess(cell, profile, device_type, measured)
            continue
        learnt += 1
        total += timing.seconds_per_epoch * cell.epochs + timing.after_fit_seconds
    if learnt:
        total += STUDY_START_S * len({cell.dataset for cell in cells})
    return Estimate(total, learnt, len(cells))


def estimate_seconds(
    cells: list[Cell], profile: Profile, device_type: str, measured: dict[tuple[str, bool], float]
) -> float:
    """Seconds for ``cells`` from images/s alone (no learnt cell timings)."""
    return estimate(cells, profile, device_type, measured).seconds
