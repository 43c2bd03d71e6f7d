"""Whether images of a size can go through a loss network: the smallest side its taps allow.

Each convolution and pooling shrinks the image; a trunk cut deep enough (Inception v3 past
`Mixed_6a`, AlexNet past its third pooling) has nothing left of a small image, and PyTorch would
stop mid-training with a kernel-size error. `check_input_size` runs one forward pass of shapes on
the meta device (no weights, no arithmetic) at the dataset's size and, when it fails, finds the
smallest square side that leaves every tap at least 1 x 1 to say so, before anything is trained.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from percae_core.errors import UsageError
from percae_core.models.image_size import ImageSize
from percae_core.models.loss_networks import (
    PROBE_SIZE,
    cut_trunk,
    get_loss_network_spec,
    tap_shapes,
)

if TYPE_CHECKING:
    from torch import nn


def _meta_trunk(model: str, layers: tuple[str, ...]) -> tuple[nn.Sequential, tuple[int, ...]]:
    trunk, taps, _ = cut_trunk(model, layers)
    trunk.eval()  # batch norm as in use: one 1 x 1 value per channel is fine
    return trunk, taps


def _passes(trunk: nn.Sequential, taps: tuple[int, ...], size: ImageSize) -> bool:
    try:
        shapes = tap_shapes(trunk, taps, size)
    except RuntimeError:  # PyTorch's "kernel size can't be greater than actual input size"
        return False
    return all(shape[2] >= 1 and shape[3] >= 1 for shape in shapes)


@cache
def fits(model: str, layers: tuple[str, ...], size: ImageSize) -> bool:
    """Whether a ``size`` image reaches every tap of ``layers`` in the trunk ``model``."""
    return _passes(*_meta_trunk(model, layers), size)


@cache
def smallest_input_side(model: str, layers: tuple[str, ...]) -> int:
    """The smallest square side (pixels) whose image reaches every tap of ``layers`` in the trunk
    ``model``; found by bisection up to `PROBE_SIZE` (which always passes)."""
    trunk, taps = _meta_trunk(model, layers)
    low, high = 1, PROBE_SIZE[0]  # high passes; find the first side that does
    while low < high:
        middle = (low + high) // 2
        if _passes(trunk, taps, (middle, middle)):
            high = middle
        else:
            low = middle + 1
    return high


def check_input_size(name: str, size: ImageSize, *, dataset: str) -> None:
    """`UsageError` when ``dataset``'s ``size`` images are too small for the loss network ``name``."""
    spec = get_loss_network_spec(name)
    if fits(spec.model, spec.layers, (int(size[0]), int(size[1]))):
        return
    smallest = smallest_input_side(spec.model, spec.layers)
    raise UsageError(
        f"The loss network {spec.name} ({spec.description}) needs images of at least "
        f"{smallest} x {smallest} pixels to reach its layer, but {dataset}'s images are "
        f"{size[0]} x {size[1]}; nothing was trained.",
        hint="Choose a shallower layer or another network for this dataset (`percae bench "
        "--help` lists them), or use images of at least that size.",
    )
