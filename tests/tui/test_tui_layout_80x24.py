"""At the smallest terminal (80x24) the Live status keeps its ETA and the charts their titles,
Results keeps every variant's column on screen, and Help starts with its first steps."""

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


async def test_help_at_80_by_24_shows_the_first_steps_first(home):
    app = PercaeApp(home, poll=False)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        steps = app.screen.query_one("#first-steps")
        assert steps.region.y < 5 and steps.region.height > 3
