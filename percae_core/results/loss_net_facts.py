"""What the loss-network ranking knows about each network from its registry entry: its trunk,
its tapped layer, that layer's depth, whether it is pretrained and its trunk's ImageNet top-1.

Depth is the tap's position among the four layers the 2023 study taps on its trunk
(`LossNetworkSpec.layer_depth`, from `TrunkEntry.study_layers`), 1 for the shallowest, not the relative depth cut / len(children): the number of children depends on
how torchvision groups an architecture (a VGG lists every convolution and ReLU, a ResNet one
child per stage), so relative depths are not comparable across trunks, while the study taps
four layers per trunk from shallow to deep and position 1..4 says which of them it is. A
network that taps several layers (LPIPS), a layer the study did not tap (`vgg16:relu4_3`) or a
name no longer registered has no depth.
"""

from __future__ import annotations

from dataclasses import dataclass

from percae_core.models.loss_network_registry import LOSS_NETWORKS
from percae_core.results.imagenet_accuracy import loss_net_top1


@dataclass(frozen=True)
class NetworkFacts:
    loss_net: str
    trunk: str | None
    """The trunk's architecture name (`TRUNKS`); None when the name is not registered."""
    layer: str | None
    """The tapped layer; None for a network tapping several (LPIPS) or an unknown one."""
    depth: int | None
    """The tap's position among the study's 4 layers of its trunk, 1 = shallowest."""
    pretrained: bool
    imagenet_top1: float | None
    """The trunk's ImageNet-1K top-1 in percent; None for a random network."""


def network_facts(loss_net: str) -> NetworkFacts:
    spec = LOSS_NETWORKS.get(loss_net)
    if spec is None:
        return NetworkFacts(loss_net, None, None, None, False, None)
    layer = spec.layers[0] if len(spec.layers) == 1 else None
    return NetworkFacts(
        loss_net, spec.model, layer, spec.layer_depth, spec.pretrained, loss_net_top1(loss_net)
    )
