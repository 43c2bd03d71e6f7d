"""The Results screen answers the study's question: each comparison's verdict with its interval
and n, a comparisons view with method and adjustment, the overhead's verdict sentence, and a
running study's finished rows under the section it will have."""

from __future__ import annotations

from conftest import FILLED, fill_results
from tui_waits import settle

from percae_core.results.db import ResultsDB
from percae_core.runner.progress_record import ProgressRecord
from percae_core.stages import Stage
from percae_core.stats.verdict import Verdict
from percae_tui.app import PercaeApp
from percae_tui.widgets.table_view import TableView

SIZE = (120, 40)


def texts(app, selector: str) -> list[str]:
    return [str(widget.render()) for widget in app.screen.query(selector)]


def table(app, key: str) -> TableView:
    return next(t for t in app.screen.query(TableView) if t.table and t.table.key == key)


async def test_results_show_each_comparisons_verdict_with_interval_and_n(home):
    fill_results(home)
    fill_results(home, seed=1, shift=0.5)
    app = PercaeApp(home, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        verdicts = table(app, "verdicts")
        rows = [[str(c) for c in verdicts.get_row_at(i)] for i in range(verdicts.row_count)]
        # one z (32) in this study: its comparison is also the Any row's, not listed twice
        assert not any(r[1] == "any" for r in rows)
        mlp_any = next(r for r in rows if r[0] == "P. AE vs AE" and r[5] == "mlp" and r[1] == "32")
        assert mlp_any[2] in {v.value for v in Verdict}
        assert mlp_any[3].startswith("-11.00 px [") and mlp_any[4] == "2"
        await pilot.press("c")
        await settle(app, pilot)
        captions = " ".join(texts(app, ".caption"))
        assert "Student" in captions or "t " in captions
        assert "Holm" in captions
        headings = " ".join(str(t.table.columns) for t in app.screen.query(TableView) if t.table)
        assert "p Holm" in headings and "Interval" in headings
        await pilot.press("c")
        await settle(app, pilot)
        assert any(t.table and t.table.key == "verdicts" for t in app.screen.query(TableView))


async def test_the_overhead_on_results_carries_its_verdict_sentence(filled_home):
    app = PercaeApp(filled_home, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        sentences = texts(app, ".overhead-verdict")
        assert sentences, "no overhead sentence under the overhead table"
        assert "95 % t interval" in sentences[0] and "pairs of fits" in sentences[0], sentences


async def test_a_running_studys_pixel_rows_sit_under_its_loss_network(home, running_item):
    fill_results(home, variants=("ae", "vae"))
    progress = ProgressRecord(
        stage=Stage.FIT, loss_net="alexnet-random", cells_total=4, cells_done=2, elapsed_s=5.0
    )
    item = running_item(home, progress)
    with ResultsDB.open(home.database) as db:
        experiment = db.cells.experiments()[0]["id"]
        db.queue.update_item(item, experiment_id=experiment)
        spec = db.queue.items()[0]["spec"]
    assert "pae" in spec["variants"]
    app = PercaeApp(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        headings = texts(app, ".section-heading")
        assert headings and all("none (pixel-wise" not in h for h in headings), headings
        assert "alexnet-random" in headings[0]
        captions = " ".join(texts(app, ".caption"))
        assert "Loss network: unknown" not in captions
        assert "Loss network: alexnet-random" in captions
        mlp = table(app, "II")
        first = [str(c) for c in mlp.get_row_at(0)]
        assert first[3] == "–" and first[1].startswith("13.25"), first


def test_the_dataset_filter_shows_titles_and_filters_by_name():
    from percae_tui.screens.results import dataset_filter_options

    options = dict(dataset_filter_options())
    assert options["LunarLander"] == "lunarlander" and "lunarlander" not in options


async def test_single_runs_with_test_scores_get_the_same_verdicts_in_table_and_caption(home):
    """n = 1: the verdicts come from the per-example test scores; the Results tables read them
    too (they said "verdicts: none (no perceptual variant with its pixel-wise twin)" beside a
    verdict table that compared exactly those cells). Without stored scores (here: the linear
    regressor's) the caption says so, not that the twins are missing."""
    import numpy as np

    from percae_core.evaluation.test_scores import save_test_scores

    fill_results(home)
    spread = np.linspace(-1.0, 1.0, 50)
    for variant, value, *_ in FILLED:
        folder = home.runs / f"hash-{variant}"
        folder.mkdir(parents=True, exist_ok=True)
        save_test_scores(folder, "mlp", value + spread, "0" * 64)
    app = PercaeApp(home, poll=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await settle(app, pilot)
        captions = texts(app, ".caption")
        shown = {t.table.title: t.table for t in app.screen.query(TableView) if t.table}
        mlp = next(table for title, table in shown.items() if "MLP predictor" in title)
        linear = next(table for title, table in shown.items() if "linear regressor" in title)
        assert mlp.caption in captions and linear.caption in captions
        assert "verdicts: paired bootstrap over test examples" in mlp.caption, mlp.caption
        assert "no intact per-example test scores" in linear.caption, linear.caption
        cells = [str(cell) for row in mlp.rows for cell in row]
        assert any(cell.endswith("✓") for cell in cells), cells
