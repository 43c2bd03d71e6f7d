"""The trunks of the loss networks by architecture name (torch-free), timm's `@register_model` way.

A `TrunkEntry` is one torchvision architecture: the builder of its layer sequence, where each tap
is read (the number of children before it), the prefix of its keys in torchvision's state dict,
whether it expects ImageNet-normalised input, its pretrained weights file (torchvision's, named by
its weights enum), that file's ImageNet top-1 accuracy (the enum's `acc@1`), and the four layers
the authors' 2023 loss-network study taps. `register_trunk` decorates the builder in the
`trunks` package, so an entry, its builder and its weights file sit in one place; the file joins
`PRETRAINED_FILES`.
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
KeyRenamer = Callable[[str], str]

TORCHVISION_MODELS = "https://download.pytorch.org/models/"


def torchvision_file(model: str, file_name: str, expected_mb: float) -> PretrainedFile:
    """The weights file ``file_name`` at torchvision's address, for the trunk ``model``."""
    return PretrainedFile(model, TORCHVISION_MODELS + file_name, expected_mb)


@dataclass(frozen=True)
class TrunkEntry:
    """One architecture: ``build()`` gives its layers in order (call it under the meta device)."""

    name: str
    title: str
    cuts: Mapping[str, int]
    """Tap name -> the number of the sequence's children before it is read (child index + 1)."""
    build: TrunkBuilder
    weights: PretrainedFile | None
    torchvision_weights: str | None = None
    """The torchvision weights enum member the file is (``"AlexNet_Weights.IMAGENET1K_V1"``)."""
    state_prefix: str = ""
    """What precedes the sequence's keys in torchvision's state dict (``"features."``)."""
    imagenet_top1: float | None = None
    """The weights' ImageNet-1K top-1 accuracy in percent (the enum's ``acc@1``)."""
    study_layers: tuple[str, ...] = ()
    """The 4 taps of the authors' 2023 loss-network study (`layers_in_experiments`), shallow
    to deep; empty for a trunk it did not use."""
    rename_state_key: KeyRenamer | None = None
    """Maps a key of the weights file to today's module names (DenseNet's old ``norm.1``)."""

    def cut(self, layer: str) -> int:
        try:
            return self.cuts[layer]
        except KeyError:
            taps = ", ".join(self.cuts)
            raise ValueError(f"{self.title} has no tap {layer!r} (taps: {taps})") from None

    def study_depth(self, layer: str) -> int | None:
        """1..4: where ``layer`` sits among the study's taps; None if the study did not tap it."""
        return self.study_layers.index(layer) + 1 if layer in self.study_layers else None


TRUNKS: Registry[TrunkEntry] = Registry("trunk")


def register_trunk(
    name: str,
    *,
    title: str,
    cuts: Mapping[str, int],
    weights: PretrainedFile | None = None,
    torchvision_weights: str | None = None,
    state_prefix: str = "",
    imagenet_top1: float | None = None,
    study_layers: tuple[str, ...] = (),
    rename_state_key: KeyRenamer | None = None,
) -> Callable[[TrunkBuilder], TrunkBuilder]:
    """Register the decorated builder as the trunk ``name``, with its weights file."""
    unknown = [layer for layer in study_layers if layer not in cuts]
    if unknown:
        raise ValueError(f"{title}'s study layers {unknown} are none of its taps")

    def decorate(build: TrunkBuilder) -> TrunkBuilder:
        entry = TrunkEntry(
            name,
            title,
            dict(cuts),
            build,
            weights,
            torchvision_weights,
            state_prefix,
            imagenet_top1,
            tuple(study_layers),
            rename_state_key,
        )
        TRUNKS.register(name, entry)
        if weights is not None:
            register_weights_file(weights)
        return build

    return decorate
