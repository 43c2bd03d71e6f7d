"""How a trunk's taps map onto its children (torch-free), and its sequence from a model's children.

A cut is the number of the sequence's children before a tap is read: the output of child ``i``
(the study's 0-based index) is the cut ``i + 1``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from torch import nn


def children_cuts(names: Sequence[str]) -> dict[str, int]:
    """Every child a tap, named as the child is: ``{name: its index + 1}``."""
    return {name: index + 1 for index, name in enumerate(names)}


def vgg_relu_cuts(convs_per_block: Sequence[int], *, batch_norm: bool) -> dict[str, int]:
    """``relu{block}_{n}`` -> its cut in a VGG ``features``: each conv is (conv, [bn,] relu),
    each block ends in a max-pool."""
    per_conv = 3 if batch_norm else 2
    cuts: dict[str, int] = {}
    children = 0
    for block, convs in enumerate(convs_per_block, start=1):
        for n in range(1, convs + 1):
            children += per_conv
            cuts[f"relu{block}_{n}"] = children
        children += 1  # the block's max-pool
    return cuts


def named_children(model: nn.Module, names: Sequence[str]) -> nn.Sequential:
    """The children ``names`` of ``model`` in order, under the same names, so torchvision's
    state-dict keys apply unchanged."""
    from torch import nn

    return nn.Sequential(OrderedDict((name, getattr(model, name)) for name in names))
