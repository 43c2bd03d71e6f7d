"""DenseNet-121 (`features`) and the ResNets (the model's own children, stem to `layer4`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from percae_core.models.trunk_registry import register_trunk, torchvision_file
from percae_core.models.trunks._layout import children_cuts, named_children

if TYPE_CHECKING:
    from torch import nn

#: DenseNet's `features` children, as torchvision names them.
DENSENET_CHILDREN = (
    *("conv0", "norm0", "relu0", "pool0"),
    *("denseblock1", "transition1", "denseblock2", "transition2"),
    *("denseblock3", "transition3", "denseblock4", "norm5"),
)
#: A ResNet's children up to its last stage (the pooling and the classifier are never built).
RESNET_CHILDREN = ("conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4")
#: The study's ResNet layers: the stem's ReLU, then stages 1, 2 and 4.
RESNET_STUDY_LAYERS = ("relu", "layer1", "layer2", "layer4")

# DenseNet's weights file keeps the old module names `norm.1`, `conv.2`, ... inside its dense
# layers; torchvision renames them on load (`densenet._load_state_dict`), and so does percae.
_OLD_DENSE_KEY = re.compile(
    r"^(.*denselayer\d+\.(?:norm|relu|conv))\.((?:[12])\.(?:weight|bias|running_mean|running_var))$"
)


def densenet_key(key: str) -> str:
    """Today's name of a key of torchvision's DenseNet weights file."""
    match = _OLD_DENSE_KEY.match(key)
    return match.group(1) + match.group(2) if match else key


@register_trunk(
    "densenet121",
    title="DenseNet-121",
    cuts=children_cuts(DENSENET_CHILDREN),
    weights=torchvision_file("densenet121", "densenet121-a639ec97.pth", 30.845),
    torchvision_weights="DenseNet121_Weights.IMAGENET1K_V1",
    state_prefix="features.",
    imagenet_top1=74.434,
    study_layers=("relu0", "denseblock1", "denseblock2", "denseblock4"),
    rename_state_key=densenet_key,
)
def densenet121_trunk() -> nn.Sequential:
    from torchvision.models import densenet121

    return densenet121(weights=None).features


@register_trunk(
    "resnet18",
    title="ResNet-18",
    cuts=children_cuts(RESNET_CHILDREN),
    weights=torchvision_file("resnet18", "resnet18-f37072fd.pth", 44.661),
    torchvision_weights="ResNet18_Weights.IMAGENET1K_V1",
    imagenet_top1=69.758,
    study_layers=RESNET_STUDY_LAYERS,
)
def resnet18_trunk() -> nn.Sequential:
    from torchvision.models import resnet18

    return named_children(resnet18(weights=None), RESNET_CHILDREN)


@register_trunk(
    "resnet50",
    title="ResNet-50",
    cuts=children_cuts(RESNET_CHILDREN),
    weights=torchvision_file("resnet50", "resnet50-0676ba61.pth", 97.781),
    torchvision_weights="ResNet50_Weights.IMAGENET1K_V1",
    imagenet_top1=76.13,
    study_layers=RESNET_STUDY_LAYERS,
)
def resnet50_trunk() -> nn.Sequential:
    from torchvision.models import resnet50

    return named_children(resnet50(weights=None), RESNET_CHILDREN)


@register_trunk(
    "resnext50_32x4d",
    title="ResNeXt-50 32x4d",
    cuts=children_cuts(RESNET_CHILDREN),
    weights=torchvision_file("resnext50_32x4d", "resnext50_32x4d-7cdf4587.pth", 95.789),
    torchvision_weights="ResNeXt50_32X4D_Weights.IMAGENET1K_V1",
    imagenet_top1=77.618,
    study_layers=RESNET_STUDY_LAYERS,
)
def resnext50_32x4d_trunk() -> nn.Sequential:
    from torchvision.models import resnext50_32x4d

    return named_children(resnext50_32x4d(weights=None), RESNET_CHILDREN)
