"""The report has the tables' sections: with two settings (VAEs trained with two γ), one part
per section under the same heading as `percae results`, each holding its own figures only."""

from __future__ import annotations

import re

import pytest
from figure_study import make_figure_study

from percae_core.figures.make import FigureRequest
from percae_core.report.build import build_html_report
from percae_core.results.db import ResultsDB
from percae_core.results.export import render_markdown
from percae_core.results.tables import build_report

pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    return make_figure_study(tmp_path_factory.mktemp("report-gammas"), gammas=(0.01, 1e-5))


def test_report_parts_are_the_sections_of_the_tables_with_their_own_figures(study):
    report = build_html_report(study, FigureRequest(kinds=("table", "active-dims")))
    with ResultsDB.open(study.database) as db:
        markdown = render_markdown(build_report(db))
    expected = re.findall(r"^## (.+)$", markdown, flags=re.MULTILINE)
    assert len(expected) == 2 and any("γ = 1e-05" in h for h in expected)
    parts = re.split(r'<h2 id="setting-([^"]+)">([^<]+)</h2>', report.html)[1:]
    found = [(parts[i], parts[i + 1], parts[i + 2]) for i in range(0, len(parts), 3)]
    assert [heading for _, heading, _ in found] == expected
    assert report.figures == 2 * 3  # per setting: two table charts, the active dimensions
    for slug, _, body in found:
        names = re.findall(r'<figure id="figure-([^"]+)">', body)
        assert len(names) == 3 and all(name.endswith(f"_{slug}") for name in names)
