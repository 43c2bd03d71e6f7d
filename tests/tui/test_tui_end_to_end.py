"""The whole loop through the UI: queue a smoke study in the form, run it in the worker process,
keep the UI responsive meanwhile, watch each stage and a ticking clock on Live, see one chart
series per variant, and find its numbers on the Results and Previews screens."""

from __future__ import annotations

import asyncio
import time

import pytest
from smoke_study import copy_collection
from textual.widgets import Button, Input, SelectionList
from tui_rendered import drawn_colours
from tui_waits import settle

from percae_core.models.variants import VARIANTS
from percae_core.results.db import ResultsDB
from percae_core.results.summary import number_text
from percae_tui.app import PercaeApp
from percae_tui.widgets.live.loss_chart import LossChart
from percae_tui.widgets.previews.image_grid import ImageGrid
from percae_tui.widgets.queue.queue_table import QueueTable
from percae_tui.widgets.table_view import TableView

RUN_LIMIT_S = 280
#: Stages that last longer than one poll of the database even on the smoke profile; the short
#: ones (embeddings, diagnostics) are recorded by the worker too but may pass between two polls.
LASTING_STAGES = ("reference predictors", "autoencoder fit", "predictor grid", "decoder retraining")


def live_text(app) -> str:
    return str(app.screen.query_one("#run-status").render())


@pytest.mark.slow
@pytest.mark.timeout(400)
async def test_a_smoke_study_runs_from_the_form_to_the_results(home, smoke_collection):
    copy_collection(smoke_collection, home.root)  # rendering it is tested elsewhere
    app = PercaeApp(home)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(600):  # the form appears once its choices are read (torch loads)
            if app.screen.query("#z"):
                break
            await pilot.pause(0.1)
        app.screen.query_one("#z", Input).value = "32"
        variants = app.screen.query_one("#variants", SelectionList)
        variants.deselect("vae")
        variants.deselect("pvae")
        app.screen.query_one("#add", Button).press()
        await settle(app, pilot)
        app.screen.query_one(QueueTable).focus()
        await pilot.press("s")
        await pilot.press("f3")
        slowest_key = 0.0
        started = time.monotonic()
        seen_texts: list[str] = []
        while time.monotonic() - started < RUN_LIMIT_S:
            await asyncio.sleep(0.5)
            before = time.monotonic()
            await pilot.press("f3")
            slowest_key = max(slowest_key, time.monotonic() - before)
            if app.state.items and app.state.items[0].status == "running":
                seen_texts.append(live_text(app))
            if app.state.items and app.state.items[0].status not in ("queued", "running"):
                break
        item = app.state.items[0]
        assert item.status == "done", item.message
        # pilot.press also waits for the screen to settle, so this bounds the key latency from above
        assert slowest_key < 0.5, f"a key took {slowest_key:.2f} s while training"
        print(f"slowest key while training: {slowest_key * 1000:.0f} ms")

        stage_lines = [line for text in seen_texts for line in text.splitlines()]
        for stage in LASTING_STAGES:
            assert any(stage in line for line in stage_lines if "Stage:" in line), stage
        clocks = {line.split("elapsed")[-1] for line in stage_lines if "elapsed" in line}
        assert len(clocks) >= 3, f"the clock did not tick: {clocks}"
        assert not any("whole item 0m00s" in line for line in stage_lines), "ETA 0 mid-run"

        charts = {chart.kind.name: chart for chart in app.screen.query(LossChart)}
        assert charts["pixel"].shown_variants == ("ae",)
        assert charts["perceptual"].shown_variants == ("pae",)
        for chart in charts.values():
            (variant,) = chart.shown_variants
            assert VARIANTS[variant].rgb in drawn_colours(chart), variant

        with ResultsDB.open(home.database) as db:
            records = [r for r in db.cells.result_records() if r["predictor"] == "mlp"]
        assert {r["variant"] for r in records} == {"ae", "pae"}
        await pilot.press("f4")
        await settle(app, pilot)
        shown = " ".join(
            str(cell)
            for view in app.screen.query(TableView)
            for i in range(view.row_count)
            for cell in view.get_row_at(i)
        )
        for record in records:
            assert number_text(record["metric"], record["value"]) in shown

        await pilot.press("f5")
        for _ in range(100):
            await settle(app, pilot)
            await pilot.pause(0.1)
            if app.screen.query_one(ImageGrid).grid is not None:
                break
        assert app.screen.query_one(ImageGrid).grid is not None
