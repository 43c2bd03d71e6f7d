"""How a perceptual loss compares two images' features: each loss network owns its distance.

A distance has two halves, so that the target's features can be computed once under no_grad:
`prepare(layer, activation)` turns one tapped layer's activation into the features that are
compared, and calling the distance with the prepared features of the reconstruction and of the
target gives the scalar loss (averaged over the batch). Distances are frozen modules: whatever
they hold (per-channel weights) is a buffer, moved with the network by `.to(device)`.

`SigmoidMSE` is the paper's: the element-wise sigmoid of the features, flattened, compared by
mean squared error (summed over layers when there are several; a single layer gives exactly the
MSE of the original code). `PlainMSE` is the 2023 loss-network study's: the same MSE of the
raw, flattened features, with no sigmoid. The names these are chosen by are in `distances.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import torch
import torch.nn.functional as F
from torch import nn

from percae_core.events import EventSink


class FeatureDistance(nn.Module):
    """Prepared features of the reconstruction and of the target -> one scalar loss."""

    def prepare(self, layer: int, activation: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def forward(
        self, predicted: Sequence[torch.Tensor], target: Sequence[torch.Tensor]
    ) -> torch.Tensor:
        raise NotImplementedError


class SigmoidMSE(FeatureDistance):
    """The paper's distance: MSE of the flattened sigmoid features, in fp32."""

    def prepare(self, layer: int, activation: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(activation).flatten(1)

    def forward(
        self, predicted: Sequence[torch.Tensor], target: Sequence[torch.Tensor]
    ) -> torch.Tensor:
        losses = [F.mse_loss(p.float(), t.float()) for p, t in zip(predicted, target, strict=True)]
        return losses[0] if len(losses) == 1 else torch.stack(losses).sum()


class PlainMSE(SigmoidMSE):
    """The 2023 study's distance: MSE of the flattened raw features, in fp32."""

    def prepare(self, layer: int, activation: torch.Tensor) -> torch.Tensor:
        return activation.flatten(1)


class DistanceBuilder(Protocol):
    """Builds a network's distance for its tapped layers' channel counts.

    ``pretrained`` says whether the network uses learned weights (a distance with weights of its
    own loads them then, under the same offline rules as the trunk's) or is the seeded-random
    variant (the distance then uses its uncalibrated default).
    """

    def __call__(
        self,
        channels: tuple[int, ...],
        *,
        pretrained: bool,
        allow_download: bool,
        on_event: EventSink,
    ) -> FeatureDistance: ...


def sigmoid_mse(
    channels: tuple[int, ...], *, pretrained: bool, allow_download: bool, on_event: EventSink
) -> FeatureDistance:
    """`SigmoidMSE` holds no weights, so nothing here depends on the arguments."""
    return SigmoidMSE()


def plain_mse(
    channels: tuple[int, ...], *, pretrained: bool, allow_download: bool, on_event: EventSink
) -> FeatureDistance:
    """`PlainMSE` holds no weights either."""
    return PlainMSE()
