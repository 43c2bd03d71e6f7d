"""How images reach the model: same batches in RAM or streamed; epoch orders are reproducible."""

from __future__ import annotations

import numpy as np
import torch
from training_images import smooth_images

from percae_core.data.parts import Split
from percae_core.training.batches import ImageBatches, choose_placement, epoch_order


def test_ram_and_streamed_batches_are_identical():
    images = smooth_images(10, seed=0)
    split = Split(images, np.array([9, 2, 5, 0, 7, 3]))
    order = epoch_order(len(split), seed=1, epoch=1)
    cpu = torch.device("cpu")
    held = list(ImageBatches(split, cpu, placement="ram").batches(4, order))
    streamed = list(ImageBatches(split, cpu, placement="stream").batches(4, order))
    assert [len(b) for b in held] == [4, 2]
    for a, b in zip(held, streamed):
        assert torch.equal(a, b)
    first_row = int(split.indices[int(order[0])])
    assert torch.equal(held[0][0], torch.from_numpy(images[first_row]).float() / 255)


def test_tiling_makes_svhn_sized_inputs():
    split = Split(np.zeros((2, 3, 32, 32), dtype=np.uint8), np.arange(2))
    (batch,) = ImageBatches(split, torch.device("cpu"), tile=2).batches(2)
    assert batch.shape == (2, 3, 64, 64) and batch.dtype == torch.float32


def test_large_splits_are_streamed_not_loaded():
    split = Split(np.zeros((10, 3, 64, 64), dtype=np.uint8), np.arange(10))
    assert choose_placement(split, torch.device("cpu"), ram_budget=10**9) == "ram"
    assert choose_placement(split, torch.device("cpu"), ram_budget=1000) == "stream"


def test_epoch_orders_depend_on_seed_and_epoch_only():
    assert torch.equal(epoch_order(50, 3, 2), epoch_order(50, 3, 2))
    assert not torch.equal(epoch_order(50, 3, 2), epoch_order(50, 3, 3))
    assert not torch.equal(epoch_order(50, 3, 2), epoch_order(50, 4, 2))
    assert sorted(epoch_order(50, 3, 2).tolist()) == list(range(50))
