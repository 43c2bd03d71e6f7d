"""The Live screen's loss charts: whole-epoch ticks, a log y axis, the legend outside the plot and
hues a reader can tell apart."""

from __future__ import annotations

import colorsys
import math

from percae_core.models.variants import VARIANTS
from percae_tui.app import PercaeApp
from percae_tui.queue_state import Curve
from percae_tui.widgets.live.loss_chart import LOSS_KINDS, LossPanel, epoch_ticks, loss_ticks


def hue(colour: str) -> float:
    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return colorsys.rgb_to_hsv(r, g, b)[0] * 360


def test_the_epoch_axis_ticks_whole_epochs_only():
    assert epoch_ticks(4) == [1, 2, 3, 4]
    assert epoch_ticks(1) == [1]
    many = epoch_ticks(50)
    assert all(isinstance(t, int) for t in many) and len(many) <= 8 and many[0] == 1


def test_variants_sharing_a_chart_have_clearly_different_hues():
    for kind in LOSS_KINDS:
        a, b = (VARIANTS[n].colour for n in VARIANTS if kind.holds(VARIANTS[n]))
        gap = abs(hue(a) - hue(b))
        assert min(gap, 360 - gap) >= 60, (kind.name, a, b)


async def test_a_small_loss_keeps_its_shape_on_a_log_axis_and_the_legend_sits_above(home):
    pae = Curve("pae", (1, 2, 3), (1e-2, 5e-3, 2e-3), (1.1e-2, 6e-3, 3e-3))
    pvae = Curve("pvae", (1, 2, 3), (10.0, 9.0, 8.0), (10.5, 9.5, 8.5))
    app = PercaeApp(home, poll=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        panel = app.screen.query_one("#perceptual-panel", LossPanel)
        panel.show_curves((pae, pvae))
        await pilot.pause()
        chart = panel.chart
        rows_with_pae = [
            y
            for y in range(chart.size.height)
            if any(
                seg.style
                and seg.style.color
                and seg.style.color.triplet
                and tuple(seg.style.color.triplet) == VARIANTS["pae"].rgb
                for seg in chart.render_line(y)
            )
        ]
        assert len(rows_with_pae) >= 3, "a loss 1000x smaller than its neighbour is not a flat row"
        text = ["".join(s.text for s in chart.render_line(y)) for y in range(chart.size.height)]
        assert "train" not in "".join(text), "no legend over the plot"
        tick_row = next(line for line in text if line.strip().startswith("1") and "2" in line)
        assert "." not in tick_row and "3" in tick_row, tick_row
        legend = str(panel.query_one(".chart-legend").render())
        assert "P. AE" in legend and "P. VAE" in legend and "train" in legend and "val" in legend


def test_loss_ticks_stay_distinct_on_a_narrow_range():
    places, labels = loss_ticks([math.log10(0.2061), math.log10(0.2233)])
    assert len(set(labels)) == len(labels) == len(places)
