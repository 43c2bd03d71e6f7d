"""The Live screen with several cells running at once (the Ray executor): a row per cell, the
item's status summing them up, and the charts following the newest cell or the one selected."""

from __future__ import annotations

from running_cells_data import AE_32, PAE_64
from textual.widgets import DataTable
from tui_waits import settle

from percae_tui.app import PercaeApp
from percae_tui.widgets.live.running_cells import RunningCells
from percae_tui.widgets.queue.queue_table import progress_text

SIZE = (120, 40)


async def test_each_running_cell_has_its_row_and_the_charts_follow_the_chosen_one(
    filled_home, two_cells_running
):
    app = PercaeApp(filled_home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(app, pilot)
        table = app.screen.query_one(RunningCells)
        assert table.display and table.row_count == 2
        rows = [[str(v) for v in table.get_row_at(i)] for i in range(2)]
        assert rows[0] == [AE_32.label, "autoencoder fit", "epoch 1/2 batch 3/5", "batch 0.041"]
        assert rows[1][:3] == [PAE_64.label, "predictor grid (31%)", "12/38 epochs"]
        assert rows[1][3] == "train 0.06 val 0.066"
        status = str(app.screen.query_one("#run-status").render())
        assert "2 cells at once" in status and "Images/s: 150 (all cells)" in status
        assert app.state.curve_title == "lunarlander z=64", "the newest cell's charts"
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.state.curve_title == "lunarlander z=32", "the selected cell's charts"
        assert {c.variant for c in app.state.curves} == {"ae", "vae", "pae", "pvae"}


async def test_the_queue_row_counts_the_cells_running_at_once(filled_home, two_cells_running):
    app = PercaeApp(filled_home, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        [item] = [i for i in app.state.items if i.active]
        assert progress_text(item) == "cell 3/6  2 cells running"
        assert isinstance(app.screen.query_one("#queue-table"), DataTable)


async def test_a_row_from_a_newer_percae_shows_what_to_do(home, running_item):
    item = running_item(home, {"version": 99, "stage": "whatever comes next"})
    app = PercaeApp(home, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(app, pilot)
        [shown] = [i for i in app.state.items if i.id == item]
        assert "newer percae" in shown.progress.stage_text
        status = str(app.screen.query_one("#run-status").render())
        assert "newer percae" in status, "the Live screen says why instead of failing"
