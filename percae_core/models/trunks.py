"""Every trunk a loss network can be cut from, each registered beside its builder and its file.

Importing this module imports no torch (`percae weights status` lists the files without it): each
builder imports torchvision when it is called. The URLs and sizes are those of the torchvision
weights enum named in the entry (a test compares them).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from percae_core.models.trunk_registry import register_trunk
from percae_core.models.weights_file import PretrainedFile

if TYPE_CHECKING:
    from torch import nn

_TORCHVISION = "https://download.pytorch.org/models/"

#: Where each tap is read: the number of the trunk's children before it.
ALEXNET_CUTS = {"relu1": 2, "relu2": 5, "relu3": 8, "relu4": 10, "relu5": 12}
VGG16_CUTS = {"relu1_2": 4, "relu2_2": 9, "relu3_3": 16, "relu4_3": 23}
RESNET18_STAGES = ("layer1", "layer2", "layer3", "layer4")
_RESNET_STEM = ("conv1", "bn1", "relu", "maxpool")
#: SqueezeNet 1.1's features: conv1, relu1, maxpool1, fire2, fire3, maxpool3, fire4, fire5, ...
SQUEEZENET1_1_CUTS = {"relu1": 2, "fire2": 4, "fire3": 5, "fire5": 8, "fire9": 13}


@register_trunk(
    "alexnet",
    title="AlexNet",
    cuts=ALEXNET_CUTS,
    weights=PretrainedFile("alexnet", _TORCHVISION + "alexnet-owt-7be5be79.pth", 233.087),
    torchvision_weights="AlexNet_Weights.IMAGENET1K_V1",
    state_prefix="features.",
)
def alexnet_trunk() -> nn.Sequential:
    from torchvision.models import alexnet

    return alexnet(weights=None).features


@register_trunk(
    "vgg16",
    title="VGG16",
    cuts=VGG16_CUTS,
    weights=PretrainedFile("vgg16", _TORCHVISION + "vgg16-397923af.pth", 527.796),
    torchvision_weights="VGG16_Weights.IMAGENET1K_V1",
    state_prefix="features.",
)
def vgg16_trunk() -> nn.Sequential:
    from torchvision.models import vgg16

    return vgg16(weights=None).features


@register_trunk(
    "resnet18",
    title="ResNet-18",
    cuts={stage: len(_RESNET_STEM) + i + 1 for i, stage in enumerate(RESNET18_STAGES)},
    weights=PretrainedFile("resnet18", _TORCHVISION + "resnet18-f37072fd.pth", 44.661),
    torchvision_weights="ResNet18_Weights.IMAGENET1K_V1",
)
def resnet18_trunk() -> nn.Sequential:
    from torch import nn
    from torchvision.models import resnet18

    full = resnet18(weights=None)
    # Same child names as the full model, so its state-dict keys apply unchanged.
    names = (*_RESNET_STEM, *RESNET18_STAGES)
    return nn.Sequential(OrderedDict((name, getattr(full, name)) for name in names))


@register_trunk(
    "squeezenet1_1",
    title="SqueezeNet 1.1",
    cuts=SQUEEZENET1_1_CUTS,
    weights=PretrainedFile("squeezenet1_1", _TORCHVISION + "squeezenet1_1-b8a52dc0.pth", 4.729),
    torchvision_weights="SqueezeNet1_1_Weights.IMAGENET1K_V1",
    state_prefix="features.",
)
def squeezenet1_1_trunk() -> nn.Sequential:
    from torchvision.models import squeezenet1_1

    return squeezenet1_1(weights=None).features
