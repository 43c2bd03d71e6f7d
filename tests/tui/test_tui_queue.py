"""Queue screen and app behaviour: the form, the stored queue, quitting during a run."""

from __future__ import annotations

import json
import subprocess
import sys

from textual.widgets import Button, Input, Label, SelectionList
from tui_waits import click_add, form_ready, settle

from percae_core.results.db import ResultsDB
from percae_tui.app import PercaeApp
from percae_tui.screens.quit_dialog import QuitDialog
from percae_tui.widgets.queue.queue_table import QueueTable

SIZE = (120, 40)


def queue_rows(home) -> list[dict]:
    with ResultsDB.open(home.database) as db:
        return db.queue.items()


async def test_every_screen_is_reachable_by_its_key(home):
    app = PercaeApp(home)
    async with app.run_test(size=SIZE) as pilot:
        seen = {}
        for key in ("f3", "f4", "f5", "f1", "f2"):
            await pilot.press(key)
            await pilot.pause()
            seen[key] = type(app.screen).__name__
    assert seen == {
        "f3": "LiveScreen",
        "f4": "ResultsScreen",
        "f5": "PreviewsScreen",
        "f1": "HelpScreen",
        "f2": "QueueScreen",
    }


async def test_form_queues_an_experiment_that_survives_a_restart(home):
    app = PercaeApp(home)
    async with app.run_test(size=SIZE) as pilot:
        await form_ready(app, pilot)
        app.screen.query_one("#z", Input).value = "32"
        variants = app.screen.query_one("#variants", SelectionList)
        variants.deselect("vae")
        variants.deselect("pvae")
        await click_add(app, pilot)
        await settle(app, pilot)
    [row] = queue_rows(home)
    assert row["status"] == "queued"
    assert row["spec"]["z"] == [32] and row["spec"]["variants"] == ["ae", "pae"]
    assert row["spec"]["profile"] == "smoke" and row["spec"]["datasets"] == ["lunarlander"]

    again = PercaeApp(home)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        table = again.screen.query_one(QueueTable)
        assert table.row_count == 1
        assert "lunarlander smoke z=32 ae,pae" in str(table.get_row_at(0)[3])


async def test_form_refuses_bad_latent_sizes_and_says_why(home):
    app = PercaeApp(home)
    async with app.run_test(size=SIZE) as pilot:
        await form_ready(app, pilot)
        app.screen.query_one("#z", Input).value = "32,abc"
        await click_add(app, pilot)
        await settle(app, pilot)
        error = app.screen.query_one("#form-error", Label)
        assert "abc" in str(error.render()) and error.display
    assert queue_rows(home) == []


async def test_form_marks_data_that_is_missing_and_refuses_to_queue_it(home):
    app = PercaeApp(home)
    async with app.run_test(size=SIZE) as pilot:
        await form_ready(app, pilot)
        datasets = app.screen.query_one("#datasets", SelectionList)
        prompts = {
            str(datasets.get_option_at_index(i).value): str(datasets.get_option_at_index(i).prompt)
            for i in range(datasets.option_count)
        }
        assert prompts["lunarlander"].endswith("(prepared when run)")
        assert prompts["stl10"].endswith("(needs data)")
        datasets.select("stl10")
        app.screen.query_one("#add", Button).press()
        await settle(app, pilot)
        error = str(app.screen.query_one("#form-error", Label).render())
        assert "percae data download stl10" in error
    assert queue_rows(home) == [], "nothing that cannot run is queued"


async def test_form_sets_gamma_and_epochs(home):
    app = PercaeApp(home)
    async with app.run_test(size=SIZE) as pilot:
        await form_ready(app, pilot)
        app.screen.query_one("#gamma", Input).value = "0.001"
        app.screen.query_one("#epochs", Input).value = "3"
        app.screen.query_one("#add", Button).press()
        await settle(app, pilot)
    [row] = queue_rows(home)
    assert row["spec"]["gamma"] == 0.001 and row["spec"]["epochs"] == 3


async def test_queue_items_can_be_reordered_and_removed(home):
    with ResultsDB.open(home.database) as db:
        first = db.queue.add_item({"datasets": ["lunarlander"], "profile": "smoke"})
        second = db.queue.add_item({"datasets": ["lunarlander"], "profile": "quick"})
    app = PercaeApp(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.screen.query_one(QueueTable).focus()
        await pilot.press("j")
        await settle(app, pilot)
        assert [row["id"] for row in queue_rows(home)] == [second, first]
        await pilot.press("d")
        await settle(app, pilot)
    assert [row["id"] for row in queue_rows(home)] == [second]


async def test_warnings_are_notified_once_per_item_and_short(home, running_item):
    item = running_item(home, {"notice_count": 0, "notices": []})
    app = PercaeApp(home)
    shown: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        app.notify = lambda message, **kw: shown.append(message)  # type: ignore[method-assign]
        await settle(app, pilot)
        warning = "lunarlander z=32 P. VAE: latent collapsed (0 of 32 dimensions active)"
        with ResultsDB.open(home.database) as db:
            db.queue.update_item(
                item,
                progress=json.dumps(
                    {"notice_count": 1, "notices": [{"level": "warning", "message": warning}]}
                ),
            )
        app.refresh_state()
        await settle(app, pilot)
        await pilot.pause(0.2)
        assert len(shown) == 1 and "warnings" in shown[0] and len(shown[0]) < 100
        with ResultsDB.open(home.database) as db:
            db.queue.update_item(
                item,
                progress=json.dumps(
                    {
                        "notice_count": 2,
                        "notices": [{"level": "warning", "message": warning}] * 2,
                    }
                ),
            )
        app.refresh_state()
        await settle(app, pilot)
        await pilot.pause(0.2)
        assert len(shown) == 1, "a second warning of the same item is not notified again"
        await pilot.press("f3")
        await pilot.pause(0.3)
        assert "2 warnings" in str(app.screen.query_one("#run-status").render())


def fake_worker(home) -> subprocess.Popen:
    """A sleeping process whose command line is a queue worker's of ``home`` (as the TUI checks
    before trusting a stored pid)."""
    command = ["import time; time.sleep(30)", "percae_core.runner.queue_worker"]
    return subprocess.Popen([sys.executable, "-c", *command, "--home", str(home.root)])


async def test_quit_during_a_run_can_leave_it_running(home, running_item):
    sleeper = fake_worker(home)
    try:
        running_item(home, {"cell": "lunarlander z=32 AE"}, pid=sleeper.pid)
        app = PercaeApp(home)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert isinstance(app.screen, QuitDialog)
            await pilot.click("#leave")
            await pilot.pause()
        assert sleeper.poll() is None
        [row] = queue_rows(home)
        assert row["status"] == "running" and row["request"] is None
    finally:
        sleeper.kill()
        sleeper.wait()


async def test_quit_during_a_run_can_stop_it(home, running_item):
    sleeper = fake_worker(home)
    try:
        running_item(home, {"cell": "lunarlander z=32 AE"}, pid=sleeper.pid)
        app = PercaeApp(home)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("ctrl+q")
            await pilot.pause()
            await pilot.click("#stop")
            await pilot.pause()
        assert sleeper.wait(timeout=10) != 0
        [row] = queue_rows(home)
        assert row["request"] == "cancel" or row["status"] == "cancelled"
    finally:
        sleeper.kill()
        sleeper.wait()


async def test_a_worker_that_died_is_marked_failed_with_its_log(home, running_item):
    running_item(home, {}, pid=2**22 + 12345)
    app = PercaeApp(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
    [row] = queue_rows(home)
    assert row["status"] == "failed" and "queue-1.log" in row["message"]
