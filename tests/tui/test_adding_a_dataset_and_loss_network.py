"""Adding a dataset or a loss network is one registry entry each (docs/architecture.md).

The toy dataset and loss network of tests/toy_entries.py, one entry each, appear without another
edit in `percae bench --help`, the terminal UI's experiment form and Results filters, the ETA and
the exports (tests/core/runner/test_registered_toy_study.py trains them).
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from textual.widgets import Select, SelectionList
from toy_entries import AE_IMAGES, TOY, TOY_NET
from tui_waits import form_ready
from typer.testing import CliRunner

from percae_core.data.catalog import register_dataset, unregister_dataset
from percae_core.models.variants import VARIANTS, list_variants
from percae_core.profiles import get_profile
from percae_core.results.db import ResultsDB
from percae_core.results.export import render_json, render_markdown
from percae_core.results.tables import build_report
from percae_core.runner.eta import ae_train_images, estimate_seconds
from percae_core.runner.plan import BenchRequest, build_cells
from percae_tui.app import PercaeApp

SIZE = (120, 40)


def _record_toy_results(home) -> None:
    """One finished toy cell per variant, as the runner would store it."""
    with ResultsDB.open(home.database) as db:
        experiment = db.cells.create_experiment({"datasets": [TOY.name], "profile": "smoke"})
        for name in list_variants():
            perceptual = VARIANTS[name].perceptual
            cell_id = db.cells.upsert(
                experiment,
                {
                    "config_hash": f"toy-{name}",
                    "dataset": TOY.name,
                    "variant": name,
                    "z": 8,
                    "loss_net": TOY_NET.name if perceptual else None,
                    "profile": "smoke",
                    "seed": 0,
                    "repeat": 0,
                    "gamma": 0.01 if VARIANTS[name].variational else None,
                    "device": "cpu",
                    "config": {},
                },
            )
            db.cells.record_predictor(cell_id, "mlp", "mlp-64", 0.1, TOY.metric, 0.42)
            db.cells.record_decoder(cell_id, 0.05, 1)
            db.cells.set_status(cell_id, "done")


def test_bench_help_lists_the_new_dataset_and_loss_network(toy_registered):
    from percae_core.cli.app import app

    result = CliRunner().invoke(app, ["bench", "--help"], env={"COLUMNS": "400"})
    assert result.exit_code == 0
    assert TOY.name in result.output and TOY_NET.name in result.output


def test_the_eta_uses_the_new_datasets_own_sizes(toy_registered):
    smoke = get_profile("smoke")
    request = BenchRequest(datasets=(TOY.name,), profile="smoke")
    [cell, *_] = build_cells(request, smoke, TOY_NET.name, [TOY.name])
    assert ae_train_images(cell, smoke) == int(0.8 * AE_IMAGES)
    full = estimate_seconds([cell], smoke, "cpu", {})
    unregister_dataset(TOY.name)
    register_dataset(replace(TOY, image_size=(32, 32)))
    assert full == pytest.approx(4 * estimate_seconds([cell], smoke, "cpu", {}))


def test_exports_title_the_new_dataset_and_name_the_new_loss_network(toy_registered, home):
    _record_toy_results(home)
    with ResultsDB.open(home.database) as db:
        sections = build_report(db)
        records = json.loads(render_json(db.cells.result_records()))
    markdown = render_markdown(sections)
    assert TOY.title in markdown and TOY_NET.name in markdown
    assert {(r["dataset"], r["loss_net"]) for r in records if r["loss_net"]} == {
        (TOY.name, TOY_NET.name)
    }


async def test_the_form_and_the_results_filters_offer_them(toy_registered, home):
    _record_toy_results(home)
    app = PercaeApp(home)
    async with app.run_test(size=SIZE) as pilot:
        await form_ready(app, pilot)
        form_datasets = app.screen.query_one("#datasets", SelectionList)
        assert TOY.name in [
            form_datasets.get_option_at_index(i).value for i in range(form_datasets.option_count)
        ]
        app.screen.query_one("#loss-net", Select).value = TOY_NET.name  # refused if not an option
        await pilot.press("f4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one("#filter-dataset", Select).value = TOY.name
        app.screen.query_one("#filter-loss-net", Select).value = TOY_NET.name
