"""Weights files of the right shapes, under the names percae looks for, so no test downloads.

Values are seeded random numbers: what is tested is the loading path and the arithmetic, not
what the real ImageNet or LPIPS weights measure.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import torch
import torchvision

from percae_core.models.lpips_distance import LPIPS_LAYERS
from percae_core.models.weights import PRETRAINED_FILES

ALEXNET_RELU_CHANNELS = (64, 192, 384, 256, 256)


def crafted_lpips_weights(seed: int) -> dict[str, torch.Tensor]:
    """A state dict shaped like the `lpips` package's `weights/v0.1/alex.pth` (non-negative)."""
    generator = torch.Generator().manual_seed(seed)
    return {
        f"lin{layer}.model.1.weight": torch.rand(1, channels, 1, 1, generator=generator)
        for layer, channels in enumerate(ALEXNET_RELU_CHANNELS[: len(LPIPS_LAYERS)])
    }


@cache
def crafted_alexnet_features(seed: int) -> dict[str, torch.Tensor]:
    """AlexNet's `features.*` entries under torchvision's keys (the loss networks read no more).

    Cached per seed (drawing a whole AlexNet takes a second): callers must not change it.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        features = torchvision.models.alexnet(weights=None).features
    return {f"features.{key}": value for key, value in features.state_dict().items()}


def write_lpips_files(folder: Path, seed: int = 0) -> None:
    """Both files the pretrained `lpips` network needs, into a TORCH_HOME's checkpoints folder."""
    folder.mkdir(parents=True, exist_ok=True)
    torch.save(crafted_alexnet_features(seed), folder / PRETRAINED_FILES["alexnet"].file_name)
    torch.save(crafted_lpips_weights(seed + 1), folder / PRETRAINED_FILES["lpips-alex"].file_name)
