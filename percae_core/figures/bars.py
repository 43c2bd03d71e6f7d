"""Grouped bars, one colour per variant (the registry's), drawn the same in every figure: the
bars of one variant sit in slot ``slot`` of each group, with the runs' standard deviation as
error bars where there is more than one run."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from percae_core.figures.labels import variant_colour
from percae_core.models.variants import variant_title

GROUP_WIDTH = 0.8


def slot_width(slots: int) -> float:
    return GROUP_WIDTH / max(slots, 1)


def slot_x(place: int, slot: int, width: float) -> float:
    """The centre of slot ``slot`` (each ``width`` wide) in group ``place``."""
    return place - GROUP_WIDTH / 2 + width * (slot + 0.5)


def variant_bars(
    axis: Any,
    variant: str,
    xs: Sequence[float],
    means: Sequence[float],
    spread: Sequence[float],
    width: float,
) -> Any:
    """One variant's bars; returns matplotlib's bar container (for labels)."""
    return axis.bar(
        xs,
        means,
        width * 0.92,
        yerr=spread if any(spread) else None,
        capsize=3,
        color=variant_colour(variant),
        label=variant_title(variant),
    )
