"""Loss-per-epoch charts: one panel per loss kind, one colour per variant, train and validation.

Pixel-wise losses (~0.1) and perceptual losses (~1e-4) differ by three orders of magnitude, so
each kind gets its own panel and its own linear y axis: both families' curves keep their shape.
Each variant draws in its registry colour (`Variant.colour`); the training loss is a line, the
validation loss a row of crosses in the same colour, and the legend names both.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual_plotext import PlotextPlot

from percae_core.models.variants import VARIANTS, Variant
from percae_tui.queue_state import Curve

TRAIN_MARKER = "braille"
VAL_MARKER = "x"


@dataclass(frozen=True)
class LossKind:
    """A family of variants whose losses share a scale."""

    name: str
    title: str
    perceptual: bool

    def holds(self, variant: Variant) -> bool:
        return variant.perceptual == self.perceptual


LOSS_KINDS = (
    LossKind("pixel", "pixel-wise loss", perceptual=False),
    LossKind("perceptual", "perceptual loss", perceptual=True),
)


def curves_of(kind: LossKind, curves: tuple[Curve, ...]) -> tuple[Curve, ...]:
    return tuple(c for c in curves if c.variant in VARIANTS and kind.holds(VARIANTS[c.variant]))


class LossChart(PlotextPlot):
    """The train and validation losses of one loss kind's variants, per epoch."""

    def __init__(self, kind: LossKind, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = kind
        self.shown_variants: tuple[str, ...] = ()
        self._shown: tuple | None = None

    def on_mount(self) -> None:
        self.show_curves((), "")

    def show_curves(self, curves: tuple[Curve, ...], title: str) -> None:
        mine = curves_of(self.kind, curves)
        data = (title, mine)
        if data == self._shown:
            return
        self._shown = data
        self.shown_variants = tuple(c.variant for c in mine)
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        heading = f"{self.kind.title} per epoch{' - ' + title if title else ''}"
        if not mine:
            heading += " (no finished epoch yet)"
        plt.title(heading)
        plt.xlabel(f"epoch   line: train   {VAL_MARKER}: validation")
        for curve in mine:
            colour = VARIANTS[curve.variant].rgb
            epochs = list(curve.epochs)
            plt.plot(
                epochs,
                list(curve.train),
                label=f"{curve.title} train",
                color=colour,
                marker=TRAIN_MARKER,
            )
            plt.scatter(
                epochs, list(curve.val), label=f"{curve.title} val", color=colour, marker=VAL_MARKER
            )
        self.refresh()
