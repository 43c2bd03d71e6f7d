"""A loss-per-epoch chart with one line per variant, redrawn only when its data changes."""

from __future__ import annotations

from textual_plotext import PlotextPlot

from percae_core.models.variants import VARIANTS
from percae_tui.queue_state import Curve


class LossChart(PlotextPlot):
    def __init__(self, which: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.which = which
        self._shown: tuple | None = None

    def on_mount(self) -> None:
        self.show_curves((), "")

    def show_curves(self, curves: tuple[Curve, ...], title: str) -> None:
        data = (title, tuple((c.variant, c.epochs, getattr(c, self.which)) for c in curves))
        if data == self._shown:
            return
        self._shown = data
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(f"{self.which} loss per epoch{' - ' + title if title else ''}")
        plt.xlabel("epoch")
        for curve in curves:
            plt.plot(
                list(curve.epochs),
                list(getattr(curve, self.which)),
                label=curve.title,
                color=VARIANTS[curve.variant].rgb if curve.variant in VARIANTS else "white",
                marker="braille",
            )
        self.refresh()
