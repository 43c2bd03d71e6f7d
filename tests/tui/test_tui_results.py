"""Results, Live, Previews and Help screens on a home with known results."""

from __future__ import annotations

import io

import numpy as np
from rich.console import Console
from textual.widgets import Label, ProgressBar
from tui_rendered import drawn_colours, drawn_text
from tui_waits import settle

from percae_core.models.variants import VARIANTS
from percae_core.reconstructions import PreviewSet, Reconstruction
from percae_core.results.db import ResultsDB
from percae_core.results.export import render_markdown
from percae_core.results.summary import number_text
from percae_core.results.tables import build_report
from percae_tui.app import PercaeApp
from percae_tui.screens.help import binding_rows
from percae_tui.widgets.live.loss_chart import LossChart
from percae_tui.widgets.previews.image_grid import ImageGrid
from percae_tui.widgets.table_view import TableView, cell_key

SIZE = (120, 40)


def table_texts(screen) -> list[str]:
    texts = []
    for view in screen.query(TableView):
        for index in range(view.row_count):
            texts.extend(str(cell) for cell in view.get_row_at(index))
    return texts


async def test_results_screen_shows_the_tables_and_exports_the_cli_markdown(filled_home):
    app = PercaeApp(filled_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        titles = [view.table.key for view in app.screen.query(TableView)]
        assert titles, "no table shown"
        texts = table_texts(app.screen)
        assert any(number_text("distance_px", 2.25) in text for text in texts)
        assert any("2.11" in text for text in texts), "paper value of Table II (P. AE, z=32)"
        await pilot.press("e")
        await pilot.pause()
    with ResultsDB.open(filled_home.database) as db:
        expected = render_markdown(build_report(db, compare_paper=True))
    assert (filled_home.root / "results.md").read_text() == expected


async def test_results_paper_toggle_and_dataset_filter(filled_home):
    app = PercaeApp(filled_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        assert not any("2.11" in text for text in table_texts(app.screen))
        app.screen.query_one("#filter-dataset").value = "svhn"
        await settle(app, pilot)
        assert not app.screen.query(TableView)
        assert "No results match" in str(app.screen.query_one("#results-empty").render())


async def test_results_sort_orders_rows_by_value(filled_home):
    app = PercaeApp(filled_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        view = app.screen.query(TableView).first()
        view.sort_by(1)
        view.sort_by(1)
        await pilot.pause()
        rows = [view.get_row_at(i) for i in range(view.row_count)]
        assert str(rows[-1][0]) == "Any", "the summary row stays last"
        column = [cell_key(str(row[1])) for row in rows[:-1]]
        assert column == sorted(column, reverse=True)
        header = str(list(view.columns.values())[1].label)
        assert header.endswith("▼"), "the sorted column shows its direction"


async def test_live_screen_shows_curves_and_the_overhead(filled_home, running_item):
    with ResultsDB.open(filled_home.database) as db:
        experiment = db.cells.experiments()[0]["id"]
    item = running_item(
        filled_home,
        {
            "cell": "lunarlander z=32 P. AE",
            "stage": "lunarlander z=32 P. AE: autoencoder fit",
            "fitting": True,
            "epoch": 1,
            "epochs": 2,
            "batch": 3,
            "batches": 5,
            "images_per_s": 123.0,
            "cells_total": 4,
            "cells_done": 2,
        },
    )
    with ResultsDB.open(filled_home.database) as db:
        db.queue.update_item(item, experiment_id=experiment)
    app = PercaeApp(filled_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(app, pilot)
        assert {c.variant for c in app.state.curves} == {"ae", "vae", "pae", "pvae"}
        status = str(app.screen.query_one("#run-status").render())
        assert "Epochs done 1/2" in status and "Batch 3/5" in status and "123" in status
        overhead = app.screen.query_one("#overhead", TableView)
        assert overhead.row_count == 1
        assert "+" in str(overhead.get_row_at(0)[3])


def synthetic_preview() -> PreviewSet:
    gradient = np.zeros((64, 64, 3), dtype=np.uint8)
    gradient[:, :, 0] = np.arange(64, dtype=np.uint8)[None, :] * 4
    gradient[32:, :, 2] = 200
    return PreviewSet(
        dataset="lunarlander",
        z=32,
        index=0,
        count=10,
        original=gradient,
        reconstructions=[
            Reconstruction(v, i, 255 - gradient, gradient // 2)
            for i, v in enumerate(("ae", "vae", "pae", "pvae"), start=1)
        ],
    )


async def test_previews_draw_half_blocks_and_switch_to_ascii(home):
    app = PercaeApp(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await settle(app, pilot)
        assert "No finished autoencoder" in str(app.screen.query_one(ImageGrid).render())
        app.screen.show_preview(synthetic_preview())
        await pilot.pause()
        colour = drawn(app.screen.query_one(ImageGrid))
        assert "▄" in colour and "P. VAE" in colour and "retrained" in colour
        await pilot.press("a")
        await pilot.pause()
        plain = drawn(app.screen.query_one(ImageGrid))
        assert "▄" not in plain and "@" in plain


def drawn(grid: ImageGrid) -> str:
    console = Console(width=120, color_system="truecolor", record=True, file=io.StringIO())
    console.print(grid.grid)
    return console.export_text()


def test_help_lists_every_binding_of_the_app_and_its_screens():
    from percae_tui.screens.previews import PreviewsScreen
    from percae_tui.screens.queue import QueueScreen
    from percae_tui.screens.results import ResultsScreen

    described = {(key, what) for _, key, what in binding_rows(PercaeApp.BINDINGS)}
    for bindings in (
        PercaeApp.BINDINGS,
        QueueScreen.BINDINGS,
        ResultsScreen.BINDINGS,
        PreviewsScreen.BINDINGS,
    ):
        for binding in bindings:
            assert (binding.key.replace(",", " / "), binding.description) in described


async def test_live_chart_gives_each_loss_kind_a_panel_and_each_variant_its_colour(
    filled_home, running_item
):
    with ResultsDB.open(filled_home.database) as db:
        experiment = db.cells.experiments()[0]["id"]
    item = running_item(filled_home, {"stage": "starting", "cells_total": 4, "cells_done": 4})
    with ResultsDB.open(filled_home.database) as db:
        db.queue.update_item(item, experiment_id=experiment, status="done")
    app = PercaeApp(filled_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(app, pilot)
        charts = {chart.kind.name: chart for chart in app.screen.query(LossChart)}
        assert set(charts["pixel"].shown_variants) == {"ae", "vae"}
        assert set(charts["perceptual"].shown_variants) == {"pae", "pvae"}
        assert len({VARIANTS[name].colour for name in VARIANTS}) == len(VARIANTS)
        for chart in charts.values():
            legend_label = chart.parent.query_one(".chart-legend", Label)
            drawn = drawn_colours(chart) | drawn_colours(legend_label)
            for variant in chart.shown_variants:
                assert VARIANTS[variant].rgb in drawn, variant
            legend = str(legend_label.render())
            assert "train" in legend and "val" in legend  # the legend names both
            assert "train" not in drawn_text(chart), "the legend is outside the plot"
        # a finished item keeps its charts and shows full bars
        assert app.screen.query_one("#cells-bar", ProgressBar).percentage == 1.0
        assert app.screen.query_one("#stage-bar", ProgressBar).percentage == 1.0
