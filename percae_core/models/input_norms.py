"""How a loss network's input is normalised, by name (torch-free): a cell setting.

The loss networks take images in [0, 1]. ``imagenet`` subtracts ImageNet's mean and divides by
its standard deviation per channel (what networks trained on normalised ImageNet inputs expect;
`LossNetworkSpec.imagenet_normalised` makes it a network's default); ``none`` feeds the [0, 1]
images as they are (the 2020 paper's AlexNet, and the 2023 study's ``normalize_in=False``).
"""

from __future__ import annotations

from dataclasses import dataclass

from percae_core.registry import Registry

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


@dataclass(frozen=True)
class InputNorm:
    """One input normalisation: x -> (x - mean) / std per channel, or x as it is (None)."""

    name: str
    title: str
    description: str
    mean: tuple[float, float, float] | None = None
    std: tuple[float, float, float] | None = None


INPUT_NORMS: Registry[InputNorm] = Registry("input normalisation", normalise=str.lower)

IMAGENET = INPUT_NORMS.register(
    "imagenet",
    InputNorm(
        "imagenet",
        "ImageNet-normalised input",
        "ImageNet's per-channel mean and std subtracted and divided out",
        IMAGENET_MEAN,
        IMAGENET_STD,
    ),
).name
NONE = INPUT_NORMS.register(
    "none",
    InputNorm("none", "raw input", "the [0, 1] images as they are (the 2023 study's)"),
).name


def get_input_norm(name: str) -> InputNorm:
    """The normalisation ``name`` (any case), or a `UsageError` listing the known ones."""
    return INPUT_NORMS.lookup(name)


def own_input_norm(imagenet_normalised: bool) -> str:
    """A loss network's default normalisation from its spec's flag."""
    return IMAGENET if imagenet_normalised else NONE


def input_norm_help() -> str:
    """``NAME: description`` for every normalisation, for `--input-norm`'s help."""
    entries = "; ".join(f"{norm.name}: {norm.description}" for norm in INPUT_NORMS.values())
    return f"One of {entries}. Default: the loss network's own."
