"""The report opens with "The answer" (the verdicts of every perceptual variant against its
pixel-wise twin, with interval, n and method, before any table), names its database without an
absolute path, and lists the runs in the paper's variant order (issue 23, issue 25 items 15-16)."""

from __future__ import annotations

import re

import pytest
from figure_study import make_figure_study

from percae_core.report.build import build_html_report
from percae_core.stats.evidence import BOOTSTRAP_METHOD, TEST_SAMPLING_LABEL

pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def homes(tmp_path_factory):
    with_scores = make_figure_study(tmp_path_factory.mktemp("answer-scores"), scores=True)
    without = make_figure_study(tmp_path_factory.mktemp("answer-none"))
    return with_scores, without


@pytest.fixture(scope="module")
def reports(homes):
    return tuple(build_html_report(home).html for home in homes)


def _answer(html: str) -> str:
    start = html.index('<h2 id="answer">The answer</h2>')
    return html[start : html.index("<h2", start + 1)]


def test_the_answer_comes_before_every_table(reports) -> None:
    html = reports[0]
    assert html.index('<h2 id="answer">The answer</h2>') < html.index('<section class="table"')
    assert '<a href="#answer">The answer</a>' in html


def test_the_answer_gives_each_verdict_with_interval_n_and_method(reports) -> None:
    answer = _answer(reports[0])
    # SVHN MLP: P. AE 50 % vs AE 25 % on the same 40 test images, P. VAE 45 % vs VAE 30 %
    paragraph = re.search(r'<p class="answer"><strong>SVHN, mlp predictor</strong>.*?</p>', answer)
    assert paragraph, answer
    text = paragraph.group(0)
    # one z in this study: no separate "any" comparison, the headline names that z
    assert "P. AE vs AE at z = 8: <strong>better</strong> (+25.00 %" in text
    assert "P. VAE vs VAE at z = 8: <strong>better</strong> (+15.00 %" in text
    assert "Per latent size" not in text
    assert "n = 1" in text and BOOTSTRAP_METHOD in text and TEST_SAMPLING_LABEL in text
    assert "Holm-adjusted over the table's 2 comparisons" in text


def test_without_pairs_the_answer_says_there_is_nothing_to_compare(reports) -> None:
    assert "nothing to compare yet" in _answer(reports[1])


def test_each_table_has_its_comparisons_beneath_it(reports) -> None:
    html = reports[0]
    table = html.index('<section class="table" id="table-IV">')
    comparisons = html.index('<section class="comparisons" id="comparisons-IV">')
    assert table < comparisons < html.index('<section class="table"', table + 1)


def test_the_header_names_the_database_without_an_absolute_path(homes, reports) -> None:
    home, _ = homes
    header = reports[0].split('<p class="meta">')[1].split("</p>")[0]
    assert "from results.sqlite" in header or f"from {home.database.name}" in header
    assert str(home.root) not in reports[0]


def test_the_runs_table_lists_variants_in_the_papers_order(reports) -> None:
    runs = reports[0].split('<table class="runs">')[1].split("</table>")[0]
    variants = re.findall(r"<tr><td>SVHN</td><td>([^<]+)</td>", runs)
    assert variants == ["AE", "VAE", "P. AE", "P. VAE"]


def test_each_figures_title_and_settings_appear_once(reports) -> None:
    html = reports[0]
    figures = re.findall(r"<figure .*?</figure>", html)
    assert figures
    for figure in figures:
        # drawn in the image (title, badge, settings footnote): the caption beside it adds no copy
        assert "Loss network: alexnet-random" not in figure
        title = re.search(r'alt="([^"]+)"', figure)
        assert title and figure.count(title.group(1)) == 1
