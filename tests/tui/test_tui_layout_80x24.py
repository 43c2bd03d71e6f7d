"""At the smallest terminal (80x24) the Live status keeps its ETA and the charts their titles,
Results keeps every variant's column and every verdict column on screen, each footer holds all
of its screen's keys (the screen keys are in the header), and Help starts with its first
steps."""

from __future__ import annotations

from conftest import fill_results
from test_tui_snapshots import LIVE_PROGRESS
from tui_waits import settle

from percae_core.results.db import ResultsDB
from percae_tui.app import PercaeApp
from percae_tui.widgets.live.loss_chart import LossChart
from percae_tui.widgets.table_view import TableView

SMALL = (80, 24)


async def test_live_at_80_by_24_keeps_the_eta_and_titled_charts(filled_home, running_item):
    item = running_item(filled_home, LIVE_PROGRESS)
    with ResultsDB.open(filled_home.database) as db:
        experiment = db.cells.experiments()[0]["id"]
        db.queue.update_item(item, experiment_id=experiment)
    app = PercaeApp(filled_home)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f3")
        await settle(app, pilot)
        status = app.screen.query_one("#run-status")
        assert status.region.y >= 1 and status.region.bottom <= SMALL[1]
        assert "ETA: whole item" in str(status.render())
        title = app.screen.query_one("#charts-title")
        assert 0 < title.region.y < SMALL[1] - 6
        for chart in app.screen.query(LossChart):
            assert chart.region.height >= 6


async def test_results_at_80_columns_keep_the_p_vae_column(home):
    fill_results(home)
    app = PercaeApp(home, poll=False)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        mlp = next(t for t in app.screen.query(TableView) if t.table and t.table.key == "II")
        assert mlp.virtual_size.width <= SMALL[0], "every variant's column fits"


async def test_results_verdicts_at_80_columns_name_shared_values_in_the_caption(home):
    """One dataset and one loss network: their columns (cut off at 80 columns) become words of
    the caption; the predictor differs between rows, so its column stays."""
    fill_results(home)
    fill_results(home, seed=1, shift=0.5)
    app = PercaeApp(home, poll=False)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        verdicts = next(
            t for t in app.screen.query(TableView) if t.table and t.table.key == "verdicts"
        )
        assert verdicts.virtual_size.width <= SMALL[0], "every verdict column fits"
        columns = verdicts.table.columns
        assert "Predictor" in columns and "Dataset" not in columns and "Loss net" not in columns
        assert "Every row: dataset LunarLander, loss net alexnet-random." in verdicts.table.caption


async def test_every_footer_holds_its_screens_keys_at_80_columns(filled_home):
    """The screen keys (F1-F5) sit in the header, the current one in brackets; the footer keeps
    the screen's own keys, which no longer run off its right edge."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    from percae_tui.screen_keys import SCREENS

    app = PercaeApp(filled_home, poll=False)
    async with app.run_test(size=SMALL) as pilot:
        for _mode, key, label, _ in SCREENS:
            await pilot.press(key)
            await settle(app, pilot)
            header = app.screen.query_one("HeaderTitle")
            assert f"[{key.upper()} {label}]" in str(header.render())
            footer = app.screen.query_one(Footer)
            keys = list(footer.query(FooterKey))
            own = [b for b in app.screen.BINDINGS if getattr(b, "show", True)]
            assert len(keys) >= len(own) + 1, "the screen's keys and Quit"
            assert all(k.region.width > 0 and k.region.right <= SMALL[0] for k in keys), label
            assert len({k.region.x for k in keys}) == len(keys), "none drawn over another"
            assert not any(k.description == label for k in keys), "screen keys left the footer"


async def test_help_at_80_by_24_shows_the_first_steps_first(home):
    app = PercaeApp(home, poll=False)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        steps = app.screen.query_one("#first-steps")
        assert steps.region.y < 5 and steps.region.height > 3
