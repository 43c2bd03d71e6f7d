"""The study's parts of a dataset (Table I): autoencoder train/validation, predictor
train/validation and test, as index views into one memory-mapped uint8 image array.

Nothing here copies the image collection: a `Split` holds the whole stored array plus the rows
that belong to it, and `Split.gather` reads only the rows asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from percae_core.data.description import Task
from percae_core.data.padded_images import ReflectPadded

if TYPE_CHECKING:  # torch loads when a tensor is made, so `percae data status` stays light
    import torch

__all__ = ["DatasetParts", "Split", "Task", "to_image", "to_model_input"]


@dataclass
class Split:
    """Rows ``indices`` of ``images`` (uint8, N x 3 x h x w); ``labels`` aligned with ``indices``.

    ``images`` may be a `ReflectPadded` view of the stored array (the ``reflect-pad`` geometry)."""

    images: np.ndarray | ReflectPadded
    indices: np.ndarray
    labels: np.ndarray | None = None

    def __len__(self) -> int:
        return int(len(self.indices))

    def gather(self, rows: np.ndarray | slice | None = None, *, stored: bool = False) -> np.ndarray:
        """The uint8 images of the given split rows (all when ``rows`` is None), in that order;
        with ``stored`` as they are stored (not padded: the pixel baselines' input)."""
        images = self.images.stored if stored and isinstance(self.images, ReflectPadded) else None
        source = self.images if images is None else images
        chosen = self.indices if rows is None else self.indices[rows]
        chosen = np.asarray(chosen)
        if chosen.size and np.all(chosen[1:] >= chosen[:-1]):
            return np.asarray(source[chosen])
        order = np.argsort(chosen, kind="stable")
        out = np.empty((len(chosen), *source.shape[1:]), dtype=source.dtype)
        out[order] = source[chosen[order]]
        return out

    def subset(self, count: int | None, seed: int) -> Split:
        """A seeded random subset of ``count`` rows (the whole split when count is None/too big)."""
        if count is None or count >= len(self):
            return self
        rng = np.random.default_rng(seed)
        rows = np.sort(rng.choice(len(self), size=count, replace=False))
        labels = None if self.labels is None else self.labels[rows]
        return Split(self.images, self.indices[rows], labels)


@dataclass
class DatasetParts:
    """Everything one grid cell needs from a dataset."""

    dataset: str
    image_size: tuple[int, int]
    task: Task
    num_outputs: int
    ae_train: Split
    ae_val: Split
    pred_train: Split
    pred_val: Split
    test: Split
    tile: int = 1
    meta: dict[str, Any] = field(default_factory=dict)

    def splits(self) -> dict[str, Split]:
        return {
            "ae_train": self.ae_train,
            "ae_val": self.ae_val,
            "pred_train": self.pred_train,
            "pred_val": self.pred_val,
            "test": self.test,
        }


def to_model_input(images: torch.Tensor, tile: int = 1) -> torch.Tensor:
    """uint8 N x 3 x h x w -> float in [0, 1], repeated ``tile`` x ``tile`` (SVHN's 2x2 grid)."""
    import torch

    x = images.float().div_(255.0) if images.dtype == torch.uint8 else images
    if tile > 1:
        x = x.repeat(1, 1, tile, tile)
    return x


def to_image(batch: torch.Tensor) -> np.ndarray:
    """The first image of a model-input or model-output batch (float N x 3 x H x W in [0, 1])
    as H x W x 3 uint8, for showing: the inverse of `to_model_input` (values clamped, rounded)."""
    import torch

    image = batch[0].detach().clamp(0, 1).mul(255).round().to(torch.uint8).cpu().numpy()
    return np.transpose(image, (1, 2, 0))
