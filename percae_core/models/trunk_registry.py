"""The trunks of the loss networks by architecture name (torch-free), timm's `@register_model` way.

A `TrunkEntry` is one torchvision architecture: the builder of its layer sequence, where each tap
is read (the number of children before it), the prefix of its keys in torchvision's state dict,
whether it expects ImageNet-normalised input, and its pretrained weights file (torchvision's,
named by its weights enum). `register_trunk` decorates the builder in `trunks.py`, so an entry,
its builder and its weights file sit in one place; the file joins `PRETRAINED_FILES`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from percae_core.models.weights_file import PretrainedFile, register_weights_file
from percae_core.registry import Registry

if TYPE_CHECKING:
    from torch import nn

TrunkBuilder = Callable[[], "nn.Sequential"]


@dataclass(frozen=True)
class TrunkEntry:
    """One architecture: ``build()`` gives its layers in order (call it under the meta device)."""

    name: str
    title: str
    cuts: Mapping[str, int]
    """Tap name -> the number of the sequence's children before it is read."""
    build: TrunkBuilder
    weights: PretrainedFile | None
    torchvision_weights: str | None = None
    """The torchvision weights enum member the file is (``"AlexNet_Weights.IMAGENET1K_V1"``)."""
    state_prefix: str = ""
    """What precedes the sequence's keys in torchvision's state dict (``"features."``)."""

    def cut(self, layer: str) -> int:
        try:
            return self.cuts[layer]
        except KeyError:
            taps = ", ".join(self.cuts)
            raise ValueError(f"{self.title} has no tap {layer!r} (taps: {taps})") from None


TRUNKS: Registry[TrunkEntry] = Registry("trunk")


def register_trunk(
    name: str,
    *,
    title: str,
    cuts: Mapping[str, int],
    weights: PretrainedFile | None = None,
    torchvision_weights: str | None = None,
    state_prefix: str = "",
) -> Callable[[TrunkBuilder], TrunkBuilder]:
    """Register the decorated builder as the trunk ``name``, with its weights file."""

    def decorate(build: TrunkBuilder) -> TrunkBuilder:
        entry = TrunkEntry(
            name, title, dict(cuts), build, weights, torchvision_weights, state_prefix
        )
        TRUNKS.register(name, entry)
        if weights is not None:
            register_weights_file(weights)
        return build

    return decorate
