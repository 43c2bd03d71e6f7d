"""The feature distances by name (torch-free): how a perceptual loss compares two images' features.

Each loss network has a distance of its own (`LossNetworkSpec.distance`, a name here); a cell may
ask for another one (`--distance`, `Cell.distance`). An entry names the function that builds the
distance as ``"module:function"`` (a `DistanceBuilder`, `feature_distance.py`); that module, which
needs torch, is imported only when a network is built, so `percae bench --help` lists the names
without loading torch.

- ``sigmoid-mse``: the 2020 paper's: the element-wise sigmoid of the features, flattened,
  compared by mean squared error.
- ``mse``: the 2023 loss-network study's: plain MSE of the raw features (no sigmoid).
- ``lpips``: LPIPS's: every position's channel vector unit-normalised, the squared difference
  weighted per channel and averaged over positions, summed over layers; the weights are LPIPS
  v0.1's learned ones where the network brings them (the `lpips` network, pretrained), equal
  weights (LPIPS's uncalibrated baseline) on any other network.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from percae_core.registry import Registry

if TYPE_CHECKING:
    from percae_core.models.feature_distance import DistanceBuilder


@dataclass(frozen=True)
class DistanceSpec:
    """One feature distance: its name, how captions and help name it, and its builder."""

    name: str
    title: str
    description: str
    """One line for captions and `--help`."""
    builder: str
    """The `DistanceBuilder` as ``"module:function"``."""

    def build_function(self) -> DistanceBuilder:
        """The function named by ``builder`` (its module imported now)."""
        module, _, function = self.builder.partition(":")
        found: DistanceBuilder = getattr(importlib.import_module(module), function)
        return found


DISTANCES: Registry[DistanceSpec] = Registry("feature distance", normalise=str.lower)

SIGMOID_MSE = DISTANCES.register(
    "sigmoid-mse",
    DistanceSpec(
        "sigmoid-mse",
        "sigmoid-MSE",
        "MSE of the sigmoid of the features (the 2020 paper's)",
        "percae_core.models.feature_distance:sigmoid_mse",
    ),
).name
MSE = DISTANCES.register(
    "mse",
    DistanceSpec(
        "mse",
        "MSE",
        "plain MSE of the raw features (the 2023 loss-network study's)",
        "percae_core.models.feature_distance:plain_mse",
    ),
).name
LPIPS = DISTANCES.register(
    "lpips",
    DistanceSpec(
        "lpips",
        "LPIPS",
        "channel-normalised, channel-weighted squared difference (learned weights where the "
        "network has them)",
        "percae_core.models.lpips_distance:lpips_distance",
    ),
).name


def get_distance(name: str) -> DistanceSpec:
    """The distance ``name`` (any case), or a `UsageError` listing the known ones."""
    return DISTANCES.lookup(name)


def distance_help() -> str:
    """``NAME: description`` for every distance, for `--distance`'s help."""
    entries = "; ".join(f"{spec.name}: {spec.description}" for spec in DISTANCES.values())
    return f"One of {entries}. Default: the loss network's own."
