"""GoogLeNet and Inception v3: the model's own children in order, up to the last Inception block.

Both are built with ``aux_logits=False`` (the auxiliary classifiers sit beside the trunk, after
the taps, and are not built) and ``init_weights=False`` (torchvision's truncated-normal init is
skipped: a pretrained network loads its file, a random one draws PyTorch's default init under its
seed, as every random trunk does). torchvision's pretrained GoogLeNet and Inception v3 set
``transform_input=True``, which their `forward` applies before the first child; percae, like the
authors' study, runs the children one after another, so that re-scaling is not applied (the
input is ImageNet-normalised, as for the other trunks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from percae_core.models.trunk_registry import register_trunk, torchvision_file
from percae_core.models.trunks._layout import children_cuts, named_children

if TYPE_CHECKING:
    from torch import nn

GOOGLENET_CHILDREN = (
    *("conv1", "maxpool1", "conv2", "conv3", "maxpool2"),
    *("inception3a", "inception3b", "maxpool3"),
    *("inception4a", "inception4b", "inception4c", "inception4d", "inception4e", "maxpool4"),
    *("inception5a", "inception5b"),
)
INCEPTION_V3_CHILDREN = (
    *("Conv2d_1a_3x3", "Conv2d_2a_3x3", "Conv2d_2b_3x3", "maxpool1"),
    *("Conv2d_3b_1x1", "Conv2d_4a_3x3", "maxpool2"),
    *("Mixed_5b", "Mixed_5c", "Mixed_5d"),
    *("Mixed_6a", "Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e"),
    *("Mixed_7a", "Mixed_7b", "Mixed_7c"),
)


@register_trunk(
    "googlenet",
    title="GoogLeNet",
    cuts=children_cuts(GOOGLENET_CHILDREN),
    weights=torchvision_file("googlenet", "googlenet-1378be20.pth", 49.731),
    torchvision_weights="GoogLeNet_Weights.IMAGENET1K_V1",
    imagenet_top1=69.778,
    study_layers=("conv1", "inception3a", "inception4a", "inception5b"),
)
def googlenet_trunk() -> nn.Sequential:
    from torchvision.models import googlenet

    model = googlenet(weights=None, aux_logits=False, init_weights=False)
    return named_children(model, GOOGLENET_CHILDREN)


@register_trunk(
    "inception_v3",
    title="Inception v3",
    cuts=children_cuts(INCEPTION_V3_CHILDREN),
    weights=torchvision_file("inception_v3", "inception_v3_google-0cc3c7bd.pth", 103.903),
    torchvision_weights="Inception_V3_Weights.IMAGENET1K_V1",
    imagenet_top1=77.294,
    study_layers=("Conv2d_2b_3x3", "Mixed_5b", "Mixed_5d", "Mixed_6e"),
)
def inception_v3_trunk() -> nn.Sequential:
    from torchvision.models import inception_v3

    model = inception_v3(weights=None, aux_logits=False, init_weights=False)
    return named_children(model, INCEPTION_V3_CHILDREN)
