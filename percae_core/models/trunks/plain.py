"""AlexNet and the VGG family: plain stacks of convolutions, tapped at their ReLUs (`features`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from percae_core.models.trunk_registry import register_trunk, torchvision_file
from percae_core.models.trunks._layout import vgg_relu_cuts

if TYPE_CHECKING:
    from torch import nn

#: Where each tap is read: the number of the trunk's children before it.
ALEXNET_CUTS = {"relu1": 2, "relu2": 5, "relu3": 8, "relu4": 10, "relu5": 12}
#: Convolutions per block of VGG's configurations A (vgg11), D (vgg16) and E (vgg19).
VGG11_BLOCKS = (1, 1, 2, 2, 2)
VGG16_BLOCKS = (2, 2, 3, 3, 3)
VGG19_BLOCKS = (2, 2, 4, 4, 4)


@register_trunk(
    "alexnet",
    title="AlexNet",
    cuts=ALEXNET_CUTS,
    weights=torchvision_file("alexnet", "alexnet-owt-7be5be79.pth", 233.087),
    torchvision_weights="AlexNet_Weights.IMAGENET1K_V1",
    state_prefix="features.",
    imagenet_top1=56.522,
    study_layers=("relu1", "relu2", "relu3", "relu5"),
)
def alexnet_trunk() -> nn.Sequential:
    from torchvision.models import alexnet

    return alexnet(weights=None).features


@register_trunk(
    "vgg11",
    title="VGG11",
    cuts=vgg_relu_cuts(VGG11_BLOCKS, batch_norm=False),
    weights=torchvision_file("vgg11", "vgg11-8a719046.pth", 506.84),
    torchvision_weights="VGG11_Weights.IMAGENET1K_V1",
    state_prefix="features.",
    imagenet_top1=69.02,
    study_layers=("relu1_1", "relu2_1", "relu3_2", "relu5_2"),
)
def vgg11_trunk() -> nn.Sequential:
    from torchvision.models import vgg11

    return vgg11(weights=None).features


@register_trunk(
    "vgg16",
    title="VGG16",
    cuts=vgg_relu_cuts(VGG16_BLOCKS, batch_norm=False),
    weights=torchvision_file("vgg16", "vgg16-397923af.pth", 527.796),
    torchvision_weights="VGG16_Weights.IMAGENET1K_V1",
    state_prefix="features.",
    imagenet_top1=71.592,
    study_layers=("relu1_2", "relu2_2", "relu3_3", "relu5_3"),
)
def vgg16_trunk() -> nn.Sequential:
    from torchvision.models import vgg16

    return vgg16(weights=None).features


@register_trunk(
    "vgg16_bn",
    title="VGG16-BN",
    cuts=vgg_relu_cuts(VGG16_BLOCKS, batch_norm=True),
    weights=torchvision_file("vgg16_bn", "vgg16_bn-6c64b313.pth", 527.866),
    torchvision_weights="VGG16_BN_Weights.IMAGENET1K_V1",
    state_prefix="features.",
    imagenet_top1=73.36,
    study_layers=("relu1_2", "relu2_2", "relu3_3", "relu5_3"),
)
def vgg16_bn_trunk() -> nn.Sequential:
    from torchvision.models import vgg16_bn

    return vgg16_bn(weights=None).features


@register_trunk(
    "vgg19",
    title="VGG19",
    cuts=vgg_relu_cuts(VGG19_BLOCKS, batch_norm=False),
    weights=torchvision_file("vgg19", "vgg19-dcbb9e9d.pth", 548.051),
    torchvision_weights="VGG19_Weights.IMAGENET1K_V1",
    state_prefix="features.",
    imagenet_top1=72.376,
    study_layers=("relu1_2", "relu2_2", "relu3_4", "relu5_4"),
)
def vgg19_trunk() -> nn.Sequential:
    from torchvision.models import vgg19

    return vgg19(weights=None).features
