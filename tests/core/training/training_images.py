"""Tiny uint8 training images for the training tests (CPU, seconds)."""

from __future__ import annotations

import numpy as np

from percae_core.data.parts import Split


def smooth_images(count: int, seed: int, side: int = 64) -> np.ndarray:
    """uint8 images of coloured blobs on gradients: structure an autoencoder can learn."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:side, 0:side] / side
    images = np.empty((count, 3, side, side), dtype=np.uint8)
    for i in range(count):
        cx, cy, r = rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8), rng.uniform(0.05, 0.2)
        blob = ((xx - cx) ** 2 + (yy - cy) ** 2 < r**2).astype(float)
        for c in range(3):
            base = rng.uniform(0, 0.5) * (xx if c % 2 else yy)
            images[i, c] = np.clip(255 * (base + blob * rng.uniform(0.3, 0.5)), 0, 255)
    return images


def make_splits(train: int = 8, val: int = 4, seed: int = 0) -> tuple[Split, Split]:
    images = smooth_images(train + val, seed)
    return Split(images, np.arange(train)), Split(images, np.arange(train, train + val))
