"""LPIPS (Zhang et al., CVPR 2018) as a feature distance: the `lpips` loss network's own module.

For each of AlexNet's 5 ReLU layers: unit-normalise every position's channel vector
(x / (||x||_2 + 1e-10), as `lpips.normalize_tensor`), square the difference of the two images'
normalised features, weight the channels by LPIPS v0.1's learned non-negative weights (the 1x1
convolutions `lin0..lin4` of the `lpips` package's `weights/v0.1/alex.pth`), average over
positions; sum over layers; average over the batch. LPIPS's input scaling ((2x - 1 - shift) /
scale with shift (-.030, -.088, -.188), scale (.458, .448, .450)) is ImageNet's normalisation of
[0, 1] images ((x - mean) / std, mean = (1 + shift) / 2, std = scale / 2), which the network
applies before the trunk.

Weights policy: the pretrained `lpips` needs two files, torchvision's AlexNet and the channel
weights (read from the cache, else from the installed `lpips` package, else downloaded when
allowed: `models/weights.py`). `lpips-random` uses a seeded random AlexNet and equal channel
weights (LPIPS's uncalibrated "baseline", `lpips=False`), because weights calibrated on the
pretrained features mean nothing on random ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch

from percae_core.errors import CorruptCacheError
from percae_core.events import EventSink
from percae_core.models.feature_distance import FeatureDistance
from percae_core.models.loss_network_registry import LPIPS_LAYERS, LPIPS_WEIGHTS
from percae_core.models.weights import load_pretrained_state_dict, pretrained_file

__all__ = ["LPIPS_LAYERS", "LPIPS_WEIGHTS", "LPIPSDistance", "lpips_distance"]
NORM_EPS = 1e-10


def _weight_key(layer: int) -> str:
    """The key of a layer's channel weights in the `lpips` package's state dict."""
    return f"lin{layer}.model.1.weight"


class LPIPSDistance(FeatureDistance):
    """Channel-normalised features, channel-weighted squared difference, spatial mean, layer sum."""

    def __init__(self, weights: Sequence[torch.Tensor]) -> None:
        super().__init__()
        self.layers = len(weights)
        for layer, weight in enumerate(weights):
            self.register_buffer(f"lin{layer}", weight.detach().float().clone())

    def prepare(self, layer: int, activation: torch.Tensor) -> torch.Tensor:
        activation = activation.float()
        norm = torch.sqrt(torch.sum(activation**2, dim=1, keepdim=True))
        return activation / (norm + NORM_EPS)

    def forward(
        self, predicted: Sequence[torch.Tensor], target: Sequence[torch.Tensor]
    ) -> torch.Tensor:
        total = torch.zeros((), device=predicted[0].device)
        for layer, (p, t) in enumerate(zip(predicted, target, strict=True)):
            weight = getattr(self, f"lin{layer}")
            # LPIPS's 1x1 convolution written out: autocast leaves this in fp32, a conv it would not.
            total = total + ((p - t) ** 2 * weight).sum(dim=1).mean()
        return total


def _learned_weights(
    channels: tuple[int, ...], allow_download: bool, on_event: EventSink
) -> list[torch.Tensor]:
    state = load_pretrained_state_dict(
        LPIPS_WEIGHTS, allow_download=allow_download, on_event=on_event
    )
    file = pretrained_file(LPIPS_WEIGHTS)
    weights = []
    for layer, count in enumerate(channels):
        weight = state.get(_weight_key(layer)) if isinstance(state, dict) else None
        if not isinstance(weight, torch.Tensor) or tuple(weight.shape) != (1, count, 1, 1):
            found = None if weight is None else tuple(getattr(weight, "shape", ()))
            raise CorruptCacheError(
                f"The LPIPS weights file ({file.file_name}) has no {_weight_key(layer)} of shape "
                f"(1, {count}, 1, 1) (found {found}): it is not LPIPS v0.1's AlexNet file.",
                hint=f"Delete {file.path} if it is there, then `pip install lpips` or fetch "
                f"{file.url} and run `percae weights import {file.download_name}`.",
            )
        weights.append(weight)
    return weights


def lpips_distance(
    channels: tuple[int, ...], *, pretrained: bool, allow_download: bool, on_event: EventSink
) -> FeatureDistance:
    """LPIPS's learned channel weights when pretrained, else equal weights (the baseline)."""
    if pretrained:
        return LPIPSDistance(_learned_weights(channels, allow_download, on_event))
    return LPIPSDistance([torch.ones(1, count, 1, 1) for count in channels])
