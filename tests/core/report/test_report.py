"""The HTML report: it parses, embeds every figure as a data URI, holds every table value the
Markdown export holds, and asks for nothing outside the file."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

import pytest
from figure_study import make_figure_study

from percae_core.figures.backend import PlottingMissingError
from percae_core.figures.make import FigureRequest, draw_figures
from percae_core.report import build as report_build
from percae_core.report.build import build_html_report
from percae_core.results.db import ResultsDB
from percae_core.results.export import render_markdown
from percae_core.results.tables import build_report

pytest.importorskip("matplotlib")

_VOID = {"meta", "img", "br", "hr", "link", "input"}


class _Checker(HTMLParser):
    """Collects tags, attributes that load things, and checks that every tag is closed."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.sources: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.sources.append(value)
        if tag not in _VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    return make_figure_study(tmp_path_factory.mktemp("report-study"))


@pytest.fixture(scope="module")
def report(study):
    return build_html_report(study)


def test_report_parses_and_loads_nothing_from_outside(report):
    checker = _Checker()
    checker.feed(report.html)
    checker.close()
    assert checker.open == [] and checker.scripts == 0
    assert checker.sources, "no figures or links at all"
    for source in checker.sources:
        assert source.startswith(("data:image/png;base64,", "#")), source
    assert not re.search(r"url\(|@import|https?://", report.html.split("<body>")[0])


def test_building_the_report_leaves_no_figure_open(study):
    import matplotlib.pyplot as plt

    plt.close("all")
    build_html_report(study)
    assert plt.get_fignums() == []


def test_report_embeds_every_figure_as_a_png(report, study):
    names = [i.name for i in draw_figures(study, FigureRequest()) if hasattr(i, "name")]
    assert report.figures == len(names) and report.skipped == []
    for name in names:
        match = re.search(
            rf'<figure id="figure-{re.escape(name)}"><img src="data:image/png;base64,([^"]+)"',
            report.html,
        )
        assert match, f"{name} is not embedded"
        assert base64.b64decode(match.group(1)).startswith(b"\x89PNG\r\n\x1a\n")


def test_report_contains_every_value_of_the_markdown_tables(report, study):
    with ResultsDB.open(study.database) as db:
        markdown = render_markdown(build_report(db, compare_paper=True))
    cells = []
    for line in markdown.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            parts = re.split(r"(?<!\\)\|", line.strip().strip("|"))
            cells.extend(p.strip().strip("*").replace("\\|", "|") for p in parts)
    assert any("paper" in cell for cell in cells) and len(cells) > 40
    text = _Text.of(report.html)
    for cell in cells:
        assert cell in text, f"{cell!r} is in the Markdown tables but not in the report"


def test_report_without_matplotlib_still_has_the_tables(study, monkeypatch):
    def missing():
        raise PlottingMissingError("no matplotlib", hint="pip install 'percae[figures]'")

    monkeypatch.setattr(report_build, "pyplot", missing)
    report = build_html_report(study)
    assert report.figures == 0 and "percae[figures]" in report.html
    assert "Table IV" in report.html


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return "\n".join(parser.parts)
