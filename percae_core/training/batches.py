"""How the uint8 images of a split reach the model: kept on the GPU, held in RAM, or streamed.

Images stay uint8 until the batch is on the training device, where they become floats in [0, 1]
(and are tiled 2x2 for SVHN): a 64x64 frame costs 12 KB instead of 48 KB, so the whole
LunarLander training part fits on any GPU and in the RAM of a laptop. Only when a split is larger
than the budget are batches read from the memory-mapped file as they are needed. The order of
the images is the same whichever way they are served, so results do not depend on the mode.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import numpy as np
import torch

from percae_core.data.parts import Split, to_model_input

Placement = Literal["gpu", "ram", "stream"]

RAM_BUDGET_BYTES = 4 * 1024**3
GPU_BUDGET_FRACTION = 0.35


def epoch_order(count: int, seed: int, epoch: int) -> torch.Tensor:
    """The shuffled order of an epoch, a function of (seed, epoch) alone.

    Deriving it afresh every epoch (instead of drawing from one long-lived generator) is what
    lets a resumed fit visit the images in exactly the order the uninterrupted fit would have.
    """
    generator = torch.Generator().manual_seed((seed * 1_000_003 + epoch) % (2**63))
    return torch.randperm(count, generator=generator)


def split_bytes(split: Split) -> int:
    return len(split) * int(np.prod(split.images.shape[1:])) * split.images.dtype.itemsize


def choose_placement(
    split: Split, device: torch.device, ram_budget: int = RAM_BUDGET_BYTES
) -> Placement:
    """On the GPU when the split fits in a share of its free memory, else in RAM, else streamed."""
    size = split_bytes(split)
    if device.type == "cuda":
        free, _total = torch.cuda.mem_get_info(device)
        if size <= GPU_BUDGET_FRACTION * free:
            return "gpu"
    return "ram" if size <= ram_budget else "stream"


class ImageBatches:
    """The images of one split, served as float batches on ``device`` in a given order."""

    def __init__(
        self,
        split: Split,
        device: torch.device,
        tile: int = 1,
        *,
        placement: Placement | None = None,
        channels_last: bool = False,
    ) -> None:
        self.split = split
        self.device = device
        self.tile = tile
        self.channels_last = channels_last
        self.placement: Placement = placement or choose_placement(split, device)
        self._held: torch.Tensor | None = None
        if self.placement != "stream":
            held = torch.from_numpy(split.gather())
            if self.placement == "gpu":
                held = held.to(device)
            elif device.type == "cuda":
                held = held.pin_memory()
            self._held = held

    def __len__(self) -> int:
        return len(self.split)

    @property
    def on_device(self) -> bool:
        return self.placement == "gpu"

    def batch_count(self, batch_size: int) -> int:
        return (len(self) + batch_size - 1) // batch_size

    def batches(self, batch_size: int, order: torch.Tensor | None = None) -> Iterator[torch.Tensor]:
        """Float batches in [0, 1] on the device, following ``order`` (split rows) or 0..n-1."""
        rows = torch.arange(len(self)) if order is None else order
        if self.placement == "gpu":
            rows = rows.to(self.device)
        for start in range(0, len(self), batch_size):
            chosen = rows[start : start + batch_size]
            yield self._prepare(self._uint8(chosen))

    def _uint8(self, rows: torch.Tensor) -> torch.Tensor:
        if self._held is not None:
            return self._held.index_select(0, rows)
        return torch.from_numpy(self.split.gather(rows.numpy()))

    def _prepare(self, batch: torch.Tensor) -> torch.Tensor:
        if batch.device != self.device:
            batch = batch.to(self.device, non_blocking=batch.is_pinned())
        x = to_model_input(batch, self.tile)
        if self.channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        return x
