"""The figures of a small finished study: every file decodes, is not blank, Fig. 6 shows the
stored test images pixel for pixel, and missing inputs are skipped with the command to run."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from figure_study import DATASET, WITHOUT_DECODER, make_figure_study
from PIL import Image

from percae_core.data.registry import get_dataset
from percae_core.errors import PercaeError
from percae_core.figures.drawn import SETTING_KINDS, Drawn, Skipped
from percae_core.figures.fig6 import enlarged, scale_factor
from percae_core.figures.make import FigureRequest, draw_figures
from percae_core.figures.save import save_figure
from percae_core.paths import Home
from percae_core.profiles import get_profile
from percae_core.results.db import ResultsDB
from percae_core.results.overhead import overhead_table
from percae_core.results.overhead_verdict import overhead_verdict

pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> Home:
    return make_figure_study(tmp_path_factory.mktemp("figure-study"))


@pytest.fixture(scope="module")
def drawn(study, tmp_path_factory) -> tuple[list[tuple[Drawn, Path]], list[Skipped]]:
    folder = tmp_path_factory.mktemp("figures")
    saved, skipped = [], []
    for item in draw_figures(study, FigureRequest(indices=[1, 4])):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            tiles = dict(item.tiles)
            saved.append((item, tiles, save_figure(item, folder, study, "png")))
    return saved, skipped


def test_every_kind_of_figure_is_a_decodable_non_blank_png(drawn):
    saved, skipped = drawn
    assert skipped == []
    assert {item.kind for item, _, _ in saved} == set(SETTING_KINDS), "no ranking: one loss network"
    for _, _, path in saved:
        with Image.open(path) as image:
            pixels = np.asarray(image.convert("RGB"), dtype=float)
        assert pixels.shape[0] > 200 and pixels.shape[1] > 300
        assert pixels.var() > 100, f"{path.name} looks blank"


def test_every_figure_names_its_loss_network_profile_and_precision(drawn):
    for item, _, _ in drawn[0]:
        texts = (t.get_text() for t in item.figure.findobj(lambda o: hasattr(o, "get_text")))
        text = " ".join(" ".join(texts).split())  # captions wrap at any space
        facts = ("alexnet-random", "profile: smoke", "precision: fp32", "γ: 0.01")
        for fact in (*facts, "setting: alexnet-random_smoke"):
            assert fact in text, f"{item.name} does not say {fact!r}"


def test_fig6_original_tiles_are_the_stored_test_images_enlarged(drawn, study):
    item, tiles, path = next(entry for entry in drawn[0] if entry[0].kind == "fig6")
    spec = get_dataset(DATASET)
    parts = spec.load_parts(study, get_profile("smoke").scale(DATASET), lambda event: None)
    png = np.asarray(Image.open(path).convert("RGB"))
    for image_number, index in enumerate([1, 4]):
        stored = parts.test.gather(np.array([index]))[0].transpose(1, 2, 0)
        model_input = np.tile(stored, (parts.tile, parts.tile, 1))  # SVHN's 2 x 2 tiling
        expected = enlarged(model_input, scale_factor(model_input))
        for row in (2 * image_number, 2 * image_number + 1):
            left, top, width, height = tiles[(row, 0)]
            np.testing.assert_array_equal(png[top : top + height, left : left + width], expected)


def test_fig6_marks_a_variant_without_a_retrained_decoder(drawn):
    item = next(entry[0] for entry in drawn[0] if entry[0].kind == "fig6")
    texts = [t.get_text() for t in item.figure.texts]
    assert sum("no retrained" in text for text in texts) == 2  # two images, one variant
    assert WITHOUT_DECODER  # the study leaves exactly this variant without decoder.pt


@pytest.mark.parametrize("fmt,magic", [("svg", b"<svg"), ("pdf", b"%PDF-")])
def test_vector_formats_have_their_headers(study, tmp_path, fmt, magic):
    request = FigureRequest(kinds=("overhead",))
    (item,) = list(draw_figures(study, request))
    data = save_figure(item, tmp_path, study, fmt).read_bytes()
    assert magic in data[:400]


def test_missing_checkpoints_skip_fig6_but_the_other_figures_are_made(study, tmp_path):
    copy = Home(tmp_path / "home")
    shutil.copytree(study.root, copy.root)
    shutil.rmtree(copy.runs)
    items = list(draw_figures(copy, FigureRequest(kinds=("fig6", "curves"))))
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [i.kind for i in items if isinstance(i, Drawn)] == ["curves"]
    assert len(skipped) == 1 and "Fig. 6" in skipped[0].what
    assert "percae bench --profile smoke --dataset svhn" in skipped[0].text


def test_a_requested_dataset_without_cells_is_skipped_by_name(study):
    items = list(draw_figures(study, FigureRequest(datasets=[DATASET, "stl10"], kinds=())))
    (skipped,) = items
    assert "STL-10" in skipped.what and "percae bench" in skipped.text and "stl10" in skipped.text


def test_an_empty_home_is_an_error_naming_the_command(tmp_path):
    with pytest.raises(PercaeError) as caught:
        list(draw_figures(Home(tmp_path / "empty").ensure(), FigureRequest()))
    assert "No results yet" in caught.value.message and "percae bench" in caught.value.hint


def test_fig6_numbers_images_as_the_previews_do_and_names_a_chosen_set_apart(drawn, study):
    item = next(entry[0] for entry in drawn[0] if entry[0].kind == "fig6")
    texts = " ".join(t.get_text() for t in item.figure.texts)
    count = len(
        get_dataset(DATASET).load_parts(study, get_profile("smoke").scale(DATASET), None).test
    )
    # indices 1 and 4 are the previews' "test image 2 of N" and "test image 5 of N"
    assert "#2\n" in texts and "#5\n" in texts and "#1\n" not in texts
    assert f"Test images 2, 5 of {count};" in " ".join(texts.split())
    (default,) = draw_figures(study, FigureRequest(kinds=("fig6",)))
    assert isinstance(default, Drawn) and default.name != item.name
    assert item.name.endswith("_images2-5")


def test_the_overhead_figure_says_in_itself_whether_its_numbers_are_noise(drawn, study):
    item = next(entry[0] for entry in drawn[0] if entry[0].kind == "overhead")
    footnote = " ".join(item.figure._supxlabel.get_text().split())
    with ResultsDB.open(study.database) as db:
        sentence = overhead_verdict(overhead_table(db.cells.autoencoder_records()))
    assert "pair" in sentence and sentence in footnote  # the table's sentence, in the figure


def test_bar_charts_of_single_runs_say_n_1_and_the_legend_names_the_papers_network(drawn):
    item = next(entry[0] for entry in drawn[0] if entry[0].kind == "table")
    footnote = " ".join(item.figure._supxlabel.get_text().split())
    assert "n = 1, no interval" in footnote
    legend = [t.get_text() for t in item.figure.axes[0].get_legend().get_texts()]
    assert "paper's value (pretrained AlexNet)" in legend


def test_figures_carry_a_short_badge_not_a_many_line_subtitle(drawn):
    for item, _, _ in drawn[0]:
        if item.kind == "fig6":
            continue
        title = item.figure._suptitle.get_text()
        assert "[random loss network]" in " ".join(title.split()), item.name
        assert title.count("\n") <= 1 and "Loss network:" not in title, item.name


def test_one_missing_checkpoint_advises_recompute_of_that_cell(study, tmp_path):
    copy = Home(tmp_path / "home")
    shutil.copytree(study.root, copy.root)
    with ResultsDB.open(copy.database) as db:
        cell = next(r for r in db.cells.all() if r["variant"] == "ae")
    (copy.runs / cell["config_hash"] / "checkpoint.pt").unlink()
    items = list(draw_figures(copy, FigureRequest(kinds=("fig6",))))
    (skipped,) = [i for i in items if isinstance(i, Skipped)]
    assert f"--recompute {cell['config_hash']}" in skipped.text


def test_bars_of_several_runs_span_the_t_interval(tmp_path):
    from scipy import stats

    from percae_core.figures.labels import Setting
    from percae_core.figures.table_chart import draw_table_chart
    from percae_core.results.paper import paper_tables
    from percae_core.results.tables import build_sections

    runs = {"ae": [10.0, 12.0, 11.0], "pae": [4.0, 5.0, 4.5]}
    records = [
        {
            "dataset": "lunarlander",
            "variant": variant,
            "z": 32,
            "loss_net": "alexnet" if variant == "pae" else None,
            "predictor": "mlp",
            "metric": "distance_px",
            "value": value,
            "seed": 0,
            "repeat": repeat,
            "run_seed": repeat,
            "profile": "smoke",
            "device": "cpu",
            "val_loss": 0.1,
            "cell_id": repeat,
        }
        for variant, values in runs.items()
        for repeat, value in enumerate(values)
    ]
    (section,) = build_sections(records, [], [])
    table = section.table("II")
    item = draw_table_chart(
        table, "lunarlander", "mlp", "distance_px", records, [], Setting.of(section), paper_tables()
    )
    low, high = stats.t.interval(0.95, 2, loc=11.0, scale=stats.sem(runs["ae"]))
    (ae_bars, *_) = [c for c in item.figure.axes[0].containers if c.get_label() == "AE"]
    caps = ae_bars.errorbar.lines[2][0].get_segments()[0]
    assert [y for _, y in caps] == pytest.approx([low, high])
    assert "error bars: 95 % Student's t interval of the mean over runs (n = 3)" in " ".join(
        item.figure._supxlabel.get_text().split()
    )
