"""SqueezeNet 1.1 and EfficientNet B0/B7: small-budget networks, tapped in their `features`.

EfficientNet's `features` are the 9 stages of the EfficientNet paper's Table 1: ``stage1`` the
stem convolution, ``stage2`` .. ``stage8`` the MBConv stages, ``stage9`` the final 1x1
convolution (``features[i]`` is ``stage{i + 1}``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from percae_core.models.trunk_registry import register_trunk, torchvision_file

if TYPE_CHECKING:
    from torch import nn

#: SqueezeNet 1.1's features: conv1, relu1, maxpool1, fire2, fire3, maxpool3, fire4, fire5, ...
SQUEEZENET1_1_CUTS = {"relu1": 2, "fire2": 4, "fire3": 5, "fire5": 8, "fire9": 13}
EFFICIENTNET_CUTS = {f"stage{i}": i for i in range(1, 10)}
EFFICIENTNET_STUDY_LAYERS = ("stage1", "stage2", "stage5", "stage8")


@register_trunk(
    "squeezenet1_1",
    title="SqueezeNet 1.1",
    cuts=SQUEEZENET1_1_CUTS,
    weights=torchvision_file("squeezenet1_1", "squeezenet1_1-b8a52dc0.pth", 4.729),
    torchvision_weights="SqueezeNet1_1_Weights.IMAGENET1K_V1",
    state_prefix="features.",
    imagenet_top1=58.178,
    study_layers=("relu1", "fire2", "fire5", "fire9"),
)
def squeezenet1_1_trunk() -> nn.Sequential:
    from torchvision.models import squeezenet1_1

    return squeezenet1_1(weights=None).features


@register_trunk(
    "efficientnet_b0",
    title="EfficientNet-B0",
    cuts=EFFICIENTNET_CUTS,
    weights=torchvision_file("efficientnet_b0", "efficientnet_b0_rwightman-7f5810bc.pth", 20.451),
    torchvision_weights="EfficientNet_B0_Weights.IMAGENET1K_V1",
    state_prefix="features.",
    imagenet_top1=77.692,
    study_layers=EFFICIENTNET_STUDY_LAYERS,
)
def efficientnet_b0_trunk() -> nn.Sequential:
    from torchvision.models import efficientnet_b0

    return efficientnet_b0(weights=None).features


@register_trunk(
    "efficientnet_b7",
    title="EfficientNet-B7",
    cuts=EFFICIENTNET_CUTS,
    weights=torchvision_file("efficientnet_b7", "efficientnet_b7_lukemelas-c5b4e57e.pth", 254.675),
    torchvision_weights="EfficientNet_B7_Weights.IMAGENET1K_V1",
    state_prefix="features.",
    imagenet_top1=84.122,
    study_layers=EFFICIENTNET_STUDY_LAYERS,
)
def efficientnet_b7_trunk() -> nn.Sequential:
    from torchvision.models import efficientnet_b7

    return efficientnet_b7(weights=None).features
