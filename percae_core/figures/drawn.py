"""What a figure builder hands back: a drawn figure with its name and labels, or the reason a
figure could not be made and the command that makes what it lacks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from percae_core.figures.labels import Setting

LOSS_NET_HEATMAP = "loss-net-heatmap"
LOSS_NET_ACCURACY = "loss-net-accuracy"
#: The kinds drawn once per loss-network ranking (`percae rank`), after every setting's.
RANKING_KINDS = (LOSS_NET_HEATMAP, LOSS_NET_ACCURACY)
#: The kinds drawn for every setting (a section of the tables).
SETTING_KINDS = ("fig6", "curves", "table", "active-dims", "overhead")
#: Every kind of figure, in the order they are drawn (`percae figures --kind`).
KINDS = (*SETTING_KINDS, *RANKING_KINDS)

#: Pixel box of an image tile in the saved raster file: (left, top, width, height).
Box = tuple[int, int, int, int]


@dataclass
class Drawn:
    """One matplotlib figure, ready to save; ``tiles`` locates Fig. 6's images in it."""

    kind: str
    name: str
    title: str
    dataset: str | None
    setting: Setting
    figure: Any
    tiles: dict[tuple[int, int], Box] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    """What a caption beside the figure adds to what the figure shows."""
    footnote: str = ""
    """The settings line drawn under the figure's axes (`labels.label_figure`)."""


@dataclass(frozen=True)
class Skipped:
    """A figure (or part of one) that was not made: what, why, and what to run to make what it
    needs (a sentence naming the command)."""

    what: str
    reason: str
    hint: str

    @property
    def text(self) -> str:
        return f"{self.what}: {self.reason} {self.hint}"


def bench_hint(dataset: str, profile: str | None) -> str:
    """ "Make it with `percae bench --profile P --dataset D`." """
    return f"Make it with `percae bench --profile {profile or 'smoke'} --dataset {dataset}`."
