"""Loss-per-epoch charts: one panel per loss kind, one colour per variant, train and validation.

Pixel-wise losses (~0.1) and perceptual losses (~1e-4) differ by three orders of magnitude, so
each kind gets its own panel; within a panel the y axis is logarithmic, so a variant whose loss
is ten times another's keeps the shape of its curve instead of lying flat along the bottom.
Each variant draws in its registry colour (`Variant.colour`); the training loss is a line, the
validation loss a row of crosses in the same colour. The title and the legend are a line above
the plot (`LossPanel`), so no epoch's point hides under them; the x axis ticks whole epochs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label
from textual_plotext import PlotextPlot

from percae_core.models.variants import VARIANTS, Variant
from percae_tui.queue_state import Curve

TRAIN_MARKER = "braille"
VAL_MARKER = "x"
MAX_TICKS = 8
Y_TICKS = 4


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


def epoch_ticks(last: int) -> list[int]:
    """Whole epochs 1..last, at most `MAX_TICKS` of them, evenly spaced."""
    step = max(1, math.ceil(last / MAX_TICKS))
    return list(range(1, last + 1, step))


def heading(kind: LossKind, curves: tuple[Curve, ...]) -> str:
    return kind.title if curves else f"{kind.title} (no finished epoch yet)"


def charts_title(title: str) -> str:
    """The line above both panels: what the charts show, and of which cells."""
    return f"Loss per epoch (log scale){' - ' + title if title else ''}"


def legend(curves: tuple[Curve, ...]) -> Text:
    """Each variant in its colour, then once what the line and the crosses are."""
    if not curves:
        return Text("no curve yet", style="dim")
    text = Text()
    for curve in curves:
        text.append(f"━ {curve.title} ", style=VARIANTS[curve.variant].colour)
    text.append(f"· line train, {VAL_MARKER} val")
    return text


def log_points(
    epochs: tuple[int, ...], losses: tuple[float, ...]
) -> tuple[list[float], list[float]]:
    """The points a log axis can show, as (epoch, log10 loss) (a loss of 0 or less has no
    logarithm). The chart draws log10 on a linear axis and labels the ticks with the losses."""
    kept = [(e, v) for e, v in zip(epochs, losses) if v > 0 and math.isfinite(v)]
    return [float(e) for e, _ in kept], [math.log10(v) for _, v in kept]


def loss_ticks(logs: list[float]) -> tuple[list[float], list[str]]:
    """`Y_TICKS` evenly spaced log10 positions spanning ``logs``, labelled with their losses."""
    low, high = min(logs), max(logs)
    if high - low < 1e-9:
        low, high = low - 0.5, high + 0.5
    places = [low + (high - low) * i / (Y_TICKS - 1) for i in range(Y_TICKS)]
    for digits in range(2, 7):
        labels = [f"{10**place:.{digits}g}" for place in places]
        if len(set(labels)) == len(labels):
            break
    return places, labels


class LossChart(PlotextPlot):
    """The train and validation losses of one loss kind's variants, per epoch."""

    def __init__(self, kind: LossKind, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = kind
        self.shown_variants: tuple[str, ...] = ()
        self._shown: tuple | None = None

    def on_mount(self) -> None:
        self.show_curves(())

    def show_curves(self, mine: tuple[Curve, ...]) -> None:
        if mine == self._shown:
            return
        self._shown = mine
        self.shown_variants = tuple(c.variant for c in mine)
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.xlabel("epoch")
        points = [
            (log_points(c.epochs, c.train), log_points(c.epochs, c.val), c.variant) for c in mine
        ]
        logs = [y for train, val, _ in points for y in train[1] + val[1]]
        if not logs:
            self.refresh()
            return
        ticks = epoch_ticks(max(max(c.epochs, default=1) for c in mine))
        plt.xticks([float(t) for t in ticks], [str(t) for t in ticks])
        plt.yticks(*loss_ticks(logs))
        for train, val, variant in points:
            colour = VARIANTS[variant].rgb
            plt.plot(*train, color=colour, marker=TRAIN_MARKER)
            plt.scatter(*val, color=colour, marker=VAL_MARKER)
        self.refresh()


class LossPanel(Vertical):
    """A loss kind's heading and legend above its chart."""

    def __init__(self, kind: LossKind, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="loss-panel")
        self.kind = kind

    def compose(self) -> ComposeResult:
        yield Label(heading(self.kind, ()), classes="chart-title")
        yield Label("", classes="chart-legend")
        yield LossChart(self.kind, id=f"{self.kind.name}-chart")

    @property
    def chart(self) -> LossChart:
        return self.query_one(LossChart)

    def show_curves(self, curves: tuple[Curve, ...]) -> None:
        mine = curves_of(self.kind, curves)
        self.query_one(".chart-title", Label).update(heading(self.kind, mine))
        self.query_one(".chart-legend", Label).update(legend(mine))
        self.chart.show_curves(mine)
