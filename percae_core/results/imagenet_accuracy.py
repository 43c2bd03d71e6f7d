"""ImageNet top-1 accuracy of a loss network's trunk, in percent, without downloading anything.

Read from the trunk's own registry entry (`TrunkEntry.imagenet_top1`) where it has one, else from
torchvision's weights metadata for the trunk's weights enum (``AlexNet_Weights.IMAGENET1K_V1``:
``meta["_metrics"]["ImageNet-1K"]["acc@1"]``), which ships with torchvision. A random network,
an unregistered trunk or one without torchvision weights has no accuracy (None).
"""

from __future__ import annotations

from functools import cache

from percae_core.models.loss_network_registry import LOSS_NETWORKS
from percae_core.models.trunk_registry import TRUNKS


@cache
def imagenet_top1(trunk_name: str) -> float | None:
    """The trunk's ImageNet-1K top-1 accuracy in percent (its pretrained weights), or None."""
    entry = TRUNKS.get(trunk_name)
    if entry is None:
        return None
    declared = getattr(entry, "imagenet_top1", None)
    if declared is not None:
        return float(declared)
    if not entry.torchvision_weights:
        return None
    return _torchvision_top1(entry.torchvision_weights)


def _torchvision_top1(enum_member: str) -> float | None:
    import torchvision.models

    enum_name, _, member = enum_member.partition(".")
    weights = getattr(getattr(torchvision.models, enum_name, None), member, None)
    if weights is None:
        return None
    top1 = weights.meta.get("_metrics", {}).get("ImageNet-1K", {}).get("acc@1")
    return None if top1 is None else float(top1)


def loss_net_top1(loss_net: str) -> float | None:
    """The accuracy of a pretrained loss network's trunk; None for a random or unknown one."""
    spec = LOSS_NETWORKS.get(loss_net)
    if spec is None or not spec.pretrained:
        return None
    return imagenet_top1(spec.model)
