"""The perceptual loss networks by name (torch-free): what each name means, not the modules.

`LOSS_NETWORKS` is the registry (`loss_networks.py` explains the names and builds the networks);
it imports no torch, so the commands that only list or check things (`percae weights status`,
`percae bench --help`) start fast. A spec names its distance by ``"module:function"``; that module
(which needs torch) is imported only when a network is built.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from percae_core.errors import UsageError

if TYPE_CHECKING:
    from percae_core.models.feature_distance import DistanceBuilder

DEFAULT_LOSS_NETWORK = "alexnet"
FALLBACK_LOSS_NETWORK = "alexnet-random"

#: Where each tap is read: the number of the trunk's children before it.
ALEXNET_CUTS = {"relu1": 2, "relu2": 5, "relu3": 8, "relu4": 10, "relu5": 12}
VGG16_CUTS = {"relu1_2": 4, "relu2_2": 9, "relu3_3": 16, "relu4_3": 23}
RESNET18_STAGES = ("layer1", "layer2", "layer3", "layer4")

LPIPS_WEIGHTS = "lpips-alex"
LPIPS_LAYERS = ("relu1", "relu2", "relu3", "relu4", "relu5")

SIGMOID_MSE = "percae_core.models.feature_distance:sigmoid_mse"
LPIPS_DISTANCE = "percae_core.models.lpips_distance:lpips_distance"


@dataclass(frozen=True)
class LossNetworkSpec:
    """What a name means: which torchvision model, tapped where, compared how, which weights.

    ``distance`` names the function that builds the network's distance (``"module:function"``,
    a `DistanceBuilder`); ``distance_files`` are the weights files (keys of `PRETRAINED_FILES`)
    that the pretrained distance needs besides the trunk's; ``fallback`` is the random network
    the smoke and quick profiles use instead when the files are missing.
    """

    name: str
    model: str
    layers: tuple[str, ...]
    pretrained: bool
    imagenet_normalised: bool
    description: str
    distance: str = SIGMOID_MSE
    distance_files: tuple[str, ...] = ()
    fallback: str | None = None

    @property
    def weight_files(self) -> tuple[str, ...]:
        """Every weights file (key of `PRETRAINED_FILES`) this network needs; none if random."""
        return (self.model, *self.distance_files) if self.pretrained else ()

    def distance_builder(self) -> DistanceBuilder:
        """The function named by ``distance`` (its module imported now)."""
        module, _, function = self.distance.partition(":")
        builder: DistanceBuilder = getattr(importlib.import_module(module), function)
        return builder


def _registry() -> dict[str, LossNetworkSpec]:
    specs: list[LossNetworkSpec] = []
    for pretrained, base in ((True, "alexnet"), (False, "alexnet-random")):
        weights = "ImageNet-pretrained" if pretrained else "seeded random, frozen"
        for layer in ALEXNET_CUTS:
            name = base if layer == "relu2" else f"{base}:{layer}"
            paper = " (the paper's)" if name == "alexnet" else ""
            specs.append(
                LossNetworkSpec(
                    name,
                    "alexnet",
                    (layer,),
                    pretrained,
                    False,
                    f"AlexNet up to {layer}, {weights}{paper}",
                    fallback=name.replace("alexnet", "alexnet-random") if pretrained else None,
                )
            )
    for layer in VGG16_CUTS:
        specs.append(
            LossNetworkSpec(
                f"vgg16:{layer}",
                "vgg16",
                (layer,),
                True,
                True,
                f"VGG16 up to {layer}, ImageNet-pretrained",
            )
        )
    for layer in RESNET18_STAGES:
        specs.append(
            LossNetworkSpec(
                f"resnet18:{layer}",
                "resnet18",
                (layer,),
                True,
                True,
                f"ResNet-18 up to {layer}, ImageNet-pretrained",
            )
        )
    for pretrained, name in ((True, "lpips"), (False, "lpips-random")):
        weights = (
            "ImageNet-pretrained, LPIPS v0.1's learned channel weights"
            if pretrained
            else "seeded random, frozen, equal channel weights"
        )
        specs.append(
            LossNetworkSpec(
                name,
                "alexnet",
                LPIPS_LAYERS,
                pretrained,
                True,
                f"LPIPS: AlexNet's 5 ReLUs channel-normalised, {weights}",
                distance=LPIPS_DISTANCE,
                distance_files=(LPIPS_WEIGHTS,) if pretrained else (),
                fallback="lpips-random" if pretrained else None,
            )
        )
    # The two paper-level names first (the default and its fallback), then the layer choices.
    specs.sort(key=lambda spec: ":" in spec.name)
    return {spec.name: spec for spec in specs}


LOSS_NETWORKS: dict[str, LossNetworkSpec] = _registry()
_ALIASES = {"alexnet:relu2": "alexnet", "alexnet-random:relu2": "alexnet-random"}


def list_loss_networks() -> list[str]:
    """Every loss-network name, canonical form (`alexnet:relu2` is accepted as `alexnet`)."""
    return list(LOSS_NETWORKS)


def get_loss_network_spec(name: str) -> LossNetworkSpec:
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    try:
        return LOSS_NETWORKS[key]
    except KeyError:
        raise UsageError(
            f"Unknown loss network {name!r}.",
            hint=f"Choose one of: {', '.join(LOSS_NETWORKS)}.",
        ) from None
