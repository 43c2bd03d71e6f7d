"""`--distance`, `--input-norm` and `--geometry` for `bench` and `train`: their help lists the
registries (`DISTANCES`, `INPUT_NORMS`, `GEOMETRIES`, all torch-free) and an unknown name is
refused while the flags are parsed (exit 2), naming the known ones."""

from __future__ import annotations

from typing import Any

import typer

from percae_core.data.geometry import GEOMETRIES, PAPER_GEOMETRY, geometry_help
from percae_core.errors import UsageError
from percae_core.models.distances import DISTANCES, distance_help
from percae_core.models.input_norms import INPUT_NORMS, input_norm_help
from percae_core.registry import Registry
from percae_core.studies import STUDIES


def _known(registry: Registry[Any]) -> Any:
    """A Typer callback: the canonical name, or `typer.BadParameter` listing the known ones."""

    def check(value: str | None) -> str | None:
        if value is None:
            return None
        try:
            registry.lookup(value)
        except UsageError as exc:
            raise typer.BadParameter(str(exc)) from None
        return value.lower()

    return check


def distance_option() -> Any:
    return typer.Option(
        None,
        "--distance",
        help=f"Feature distance of the perceptual loss. {distance_help()}",
        callback=_known(DISTANCES),
        metavar="NAME",
    )


def input_norm_option() -> Any:
    return typer.Option(
        None,
        "--input-norm",
        help=f"Normalisation of the loss network's input. {input_norm_help()}",
        callback=_known(INPUT_NORMS),
        metavar="NAME",
    )


def geometry_option(default: str | None = PAPER_GEOMETRY) -> Any:
    """``--geometry``; ``default`` None (for `bench`) means the study's geometry."""
    studies = "; ".join(f"{study.name}: {study.geometry}" for study in STUDIES.values())
    study_note = f" Default: the study's ({studies})." if default is None else ""
    return typer.Option(
        default,
        "--geometry",
        help=f"How the dataset's images become model input. {geometry_help()}{study_note}",
        callback=_known(GEOMETRIES),
        metavar="NAME",
    )
