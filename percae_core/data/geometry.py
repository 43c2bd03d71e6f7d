"""Dataset geometries by name (torch-free): how a dataset's stored images become model input.

- ``paper``: the 2020 paper's: SVHN's 32x32 images tiled 2x2 into 64x64, STL-10 at 96x96,
  LunarLander as rendered. Every dataset supports it; it is the default.
- ``reflect-pad``: the 2023 loss-network study's: SVHN's 32x32 images reflect-padded by 16 px
  to 64x64 (``torchvision.transforms.Pad(16, 0, 'reflect')``); STL-10 stays 96x96 (nothing to
  pad). A dataset lists the geometries it supports (`DatasetDescription.geometries`); asking for
  another is a `UsageError`.

The images stay cached as stored (32x32 uint8 for SVHN): a geometry is applied when a part's
images are read (`padded_images.ReflectPadded`), so one import serves both geometries.
"""

from __future__ import annotations

from dataclasses import dataclass

from percae_core.errors import UsageError
from percae_core.registry import Registry


@dataclass(frozen=True)
class Geometry:
    name: str
    title: str
    description: str
    """One line for captions and `--help`."""
    tiles: bool
    """True: the dataset's tiling applies; False: the stored image is reflect-padded to the
    model's size instead."""


GEOMETRIES: Registry[Geometry] = Registry("dataset geometry", normalise=str.lower)

PAPER_GEOMETRY = GEOMETRIES.register(
    "paper",
    Geometry(
        "paper",
        "the paper's geometry",
        "SVHN 32x32 tiled 2x2 to 64x64, STL-10 96x96 (the 2020 paper's)",
        tiles=True,
    ),
).name
REFLECT_PAD = GEOMETRIES.register(
    "reflect-pad",
    Geometry(
        "reflect-pad",
        "reflect-padded",
        "SVHN 32x32 reflect-padded by 16 px to 64x64, STL-10 96x96 (the 2023 study's)",
        tiles=False,
    ),
).name


def get_geometry(name: str) -> Geometry:
    """The geometry ``name`` (any case), or a `UsageError` listing the known ones."""
    return GEOMETRIES.lookup(name)


def check_geometry(name: str, dataset_title: str, supported: tuple[str, ...]) -> None:
    """A `UsageError` when ``dataset_title`` does not support the geometry ``name``."""
    geometry = get_geometry(name)
    if geometry.name not in supported:
        raise UsageError(
            f"{dataset_title} has no {geometry.name!r} geometry: it supports only "
            f"{', '.join(supported)}.",
            hint=f"Leave --geometry out for {dataset_title}, or run it separately.",
        )


def layout(
    name: str, stored: tuple[int, int], model: tuple[int, int], tile: int
) -> tuple[int, int]:
    """(tile, pad): how the ``stored`` images become the ``model``-sized input under geometry
    ``name``: tiled ``tile`` x ``tile`` (paper), or reflect-padded by ``pad`` pixels per side."""
    if get_geometry(name).tiles:
        return tile, 0
    pad_h, pad_w = model[0] - stored[0], model[1] - stored[1]
    if pad_h != pad_w or pad_h < 0 or pad_h % 2:
        raise UsageError(f"Images of {stored} cannot be padded evenly to {model}.")
    return 1, pad_h // 2


def geometry_help() -> str:
    """``NAME: description`` for every geometry, for `--geometry`'s help."""
    entries = "; ".join(f"{g.name}: {g.description}" for g in GEOMETRIES.values())
    return f"One of {entries}. LunarLander supports only paper."
