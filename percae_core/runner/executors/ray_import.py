"""Importing Ray, the optional dependency of `--executor ray`, with the message when it is absent."""

from __future__ import annotations

import importlib
from types import ModuleType

from percae_core.errors import PercaeError


class RayMissingError(PercaeError):
    """`--executor ray` was asked for but the ray package cannot be imported."""


def import_ray() -> ModuleType:
    """The ray module, or a `RayMissingError` saying how to install it."""
    try:
        return importlib.import_module("ray")
    except ImportError as exc:
        raise RayMissingError(
            f"--executor ray needs the ray package, which cannot be imported here ({exc}).",
            hint='Install it with `pip install "percae[ray]"` (or `pip install "ray>=2"`), '
            "or run without --executor ray to train the cells one after another in this process.",
        ) from None
