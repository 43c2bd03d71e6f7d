"""SVG snapshots of every screen at 120x40, on temporary homes with fixed content.

Update after an intended change: pytest tests/tui/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

import numpy as np
from running_cells_data import SMOKE_REQUEST, fitting_cell, running_record
from tui_waits import settle

from percae_core.events import CellKey
from percae_core.reconstructions import PreviewSet, Reconstruction
from percae_core.results.db import ResultsDB
from percae_tui.app import PercaeApp

SIZE = (120, 40)
LIVE_CELL = CellKey("lunarlander", "pae", 32, "alexnet-random", 0, "lunarlander z=32 P. AE")
LIVE_PROGRESS = running_record(
    [fitting_cell(LIVE_CELL, images_per_s=123.0, train_loss=0.05, val_loss=0.055, fit_eta_s=20.0)],
    cells_total=4,
)


async def settled(pilot) -> None:
    """`settle`, in the form snap_compare's ``run_before`` calls."""
    await settle(pilot.app, pilot)


def test_queue_screen_empty(home, snap_compare):
    assert snap_compare(PercaeApp(home, poll=False), terminal_size=SIZE, run_before=settled)


def test_queue_screen_with_items(home, snap_compare):
    with ResultsDB.open(home.database) as db:
        done = db.queue.add_item(dict(SMOKE_REQUEST))
        db.queue.update_item(done, status="done", message="2 cells run, 0 reused")
        failed = db.queue.add_item(
            {
                "datasets": ["stl10"],
                "profile": "quick",
                "z": [],
                "variants": ["ae", "vae", "pae", "pvae"],
                "seed": 1,
                "repeats": 3,
            }
        )
        db.queue.update_item(failed, status="failed", message="Nothing to run: STL-10 missing.")
        db.queue.add_item(
            {
                "datasets": ["lunarlander", "svhn"],
                "profile": "paper",
                "z": [64],
                "variants": ["vae", "pvae"],
                "loss_net": "alexnet",
                "seed": 0,
                "repeats": 1,
            }
        )

    async def focus_table(pilot):
        await settled(pilot)
        pilot.app.screen.query_one("#queue-table").focus()
        await pilot.pause()

    assert snap_compare(PercaeApp(home, poll=False), terminal_size=SIZE, run_before=focus_table)


def test_live_screen(filled_home, running_item, snap_compare):
    with ResultsDB.open(filled_home.database) as db:
        experiment = db.cells.experiments()[0]["id"]
    item = running_item(filled_home, LIVE_PROGRESS)
    with ResultsDB.open(filled_home.database) as db:
        db.queue.update_item(item, experiment_id=experiment, progress=LIVE_PROGRESS.to_json())
    assert snap_compare(
        PercaeApp(filled_home, poll=False), press=["f3"], terminal_size=SIZE, run_before=settled
    )


def test_live_screen_fits_80_by_24(filled_home, running_item, snap_compare):
    """At the smallest terminal the stage, the ETA and the charts still show."""
    with ResultsDB.open(filled_home.database) as db:
        experiment = db.cells.experiments()[0]["id"]
    item = running_item(filled_home, LIVE_PROGRESS)
    with ResultsDB.open(filled_home.database) as db:
        db.queue.update_item(item, experiment_id=experiment, progress=LIVE_PROGRESS.to_json())
    assert snap_compare(
        PercaeApp(filled_home, poll=False), press=["f3"], terminal_size=(80, 24), run_before=settled
    )


def test_live_screen_with_cells_running_at_once(filled_home, two_cells_running, snap_compare):
    """Under the Ray executor: one row per running cell, the charts of the newest one."""
    assert snap_compare(
        PercaeApp(filled_home, poll=False), press=["f3"], terminal_size=SIZE, run_before=settled
    )


def test_results_screen(filled_home, snap_compare):
    async def open_results(pilot):
        await pilot.press("f4")
        await settled(pilot)
        pilot.app.screen.query_one("#export-path").value = "~/percae-results.md"
        await pilot.pause()

    assert snap_compare(
        PercaeApp(filled_home, poll=False), terminal_size=SIZE, run_before=open_results
    )


def preview() -> PreviewSet:
    image = np.zeros((64, 64, 3), dtype=np.uint8)
    image[:, :, 0] = np.arange(64, dtype=np.uint8)[None, :] * 4
    image[40:, :, 1] = 160
    image[20:30, 28:36] = 255
    return PreviewSet(
        dataset="lunarlander",
        z=32,
        index=3,
        count=200,
        original=image,
        reconstructions=[
            Reconstruction(v, i, (image * (0.25 * i)).astype(np.uint8), image)
            for i, v in enumerate(("ae", "vae", "pae", "pvae"), start=1)
        ],
    )


def test_previews_screen(home, snap_compare):
    async def show(pilot):
        await pilot.press("f5")
        await settled(pilot)
        pilot.app.screen.show_preview(preview())
        await pilot.pause()

    assert snap_compare(PercaeApp(home, poll=False), terminal_size=SIZE, run_before=show)


def test_previews_screen_zoomed(home, snap_compare):
    async def show(pilot):
        await pilot.press("f5")
        await settled(pilot)
        pilot.app.screen.show_preview(preview())
        await pilot.press("v", "v")

    assert snap_compare(PercaeApp(home, poll=False), terminal_size=SIZE, run_before=show)


def test_previews_screen_ascii(home, snap_compare):
    async def show(pilot):
        await pilot.press("f5")
        await settled(pilot)
        pilot.app.screen.show_preview(preview())
        await pilot.press("a")

    assert snap_compare(PercaeApp(home, poll=False), terminal_size=SIZE, run_before=show)


def test_help_screen(home, snap_compare):
    assert snap_compare(
        PercaeApp(home, poll=False), press=["f1"], terminal_size=SIZE, run_before=settled
    )
