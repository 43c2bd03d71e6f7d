"""A rough ETA for a plan, from earlier fits in the database or conservative defaults.

Image counts and sizes come from each dataset's catalog entry (`percae_core.data.catalog`), so a
new dataset is estimated from its own paper part sizes and image size.
"""

from __future__ import annotations

from percae_core.data.catalog import describe
from percae_core.profiles import Profile
from percae_core.runner.plan import Cell

DEFAULT_IMAGES_PER_S = {
    ("cpu", False): 600.0,
    ("cpu", True): 520.0,
    ("cuda", False): 15_000.0,
    ("cuda", True): 12_000.0,
}
"""Training images/s at 64x64 when no earlier fit says better (CPU: measured on a 2-core box
with bf16; CUDA: a guess, not measured)."""
PIXELS_64 = 64 * 64
OVERHEAD = 1.6
"""Predictors, decoder retraining and validation passes on top of the autoencoder's epochs
(measured on the quick profile: 13.4 min for 8.3 min of autoencoder epochs)."""


def ae_train_images(cell: Cell, profile: Profile) -> int:
    """Autoencoder training images of one epoch: 80% of the part the profile uses."""
    scale = profile.scale(cell.dataset)
    full = describe(cell.dataset).ae_part_images(scale)
    return int(0.8 * min(full, scale.ae_images or full))


def estimate_seconds(
    cells: list[Cell], profile: Profile, device_type: str, measured: dict[tuple[str, bool], float]
) -> float:
    """Seconds for ``cells``; ``measured`` maps (dataset, perceptual) to images/s seen before."""
    total = 0.0
    for cell in cells:
        rate = measured.get((cell.dataset, cell.variant.perceptual))
        if rate is None:
            rate = DEFAULT_IMAGES_PER_S[(device_type, cell.variant.perceptual)]
            height, width = describe(cell.dataset).image_size
            rate *= PIXELS_64 / (height * width)
        total += ae_train_images(cell, profile) * cell.epochs / rate
    return total * OVERHEAD
