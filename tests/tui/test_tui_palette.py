"""The command palette (ctrl+p) offers percae's actions by name: every screen, the queue's start,
pause, resume and cancel, the Results export and HTML report, and one dataset filter per dataset
of the catalog; choosing one does what its key does."""

from __future__ import annotations

from textual.widgets import Select
from tui_waits import settle

from percae_core.data.catalog import dataset_title, list_datasets
from percae_core.results.db import ResultsDB
from percae_core.results.export import render_markdown
from percae_core.results.tables import build_report
from percae_tui.app import PercaeApp
from percae_tui.palette import percae_commands
from percae_tui.screens.results import ResultsScreen

SIZE = (120, 40)


async def run_from_palette(app, pilot, typed: str) -> None:
    """Open the palette, type ``typed``, wait for the hits and run the highlighted one."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*typed)
    await pilot.pause(0.6)
    await pilot.press("down", "enter")
    await pilot.pause()
    await settle(app, pilot, rounds=3)


async def test_the_palette_lists_screens_queue_results_and_every_dataset(filled_home):
    with ResultsDB.open(filled_home.database) as db:
        paused = db.queue.add_item({"datasets": ["lunarlander"], "profile": "smoke"})
        db.queue.update_item(paused, status="paused")
    app = PercaeApp(filled_home, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, rounds=3)
        titles = [command.title for command in percae_commands(app)]
    for _, key, label, _ in PercaeApp.SCREEN_LIST:
        assert f"{label} screen ({key})" in titles
    assert f"Resume item {paused} (paused)" in titles
    assert "Start the queue" not in titles, "nothing is queued"
    assert "Pause item" not in " ".join(titles), "nothing runs"
    assert {"Export the results to Markdown", "Write the HTML report"} <= set(titles)
    for name in list_datasets():
        assert f"Results: {dataset_title(name)} only" in titles


async def test_palette_export_writes_the_results_screens_markdown(filled_home):
    app = PercaeApp(filled_home, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, rounds=3)
        await run_from_palette(app, pilot, "Export the results")
        assert isinstance(app.screen, ResultsScreen)
    with ResultsDB.open(filled_home.database) as db:
        expected = render_markdown(build_report(db, compare_paper=True))
    assert (filled_home.root / "results.md").read_text() == expected


async def test_palette_sets_the_results_dataset_filter(filled_home):
    name = list_datasets()[-1]
    app = PercaeApp(filled_home, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot, rounds=3)
        await run_from_palette(app, pilot, f"Results: {dataset_title(name)} only")
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.query_one("#filter-dataset", Select).value == name
        assert app.screen.filters().datasets == [name]
