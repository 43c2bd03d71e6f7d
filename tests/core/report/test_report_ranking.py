"""The report's "Which loss network?" section: there with a ranking, holding its tables and
both figures; absent from a study without one."""

from __future__ import annotations

import pytest
from rank_study import make_rank_study

from percae_core.paths import Home
from percae_core.report.build import build_html_report
from percae_core.report.ranking_part import RANKING_ANCHOR

pytest.importorskip("matplotlib")


def test_report_has_the_ranking_section_with_tables_and_figures(isolated_home):
    home = make_rank_study(Home(isolated_home))
    html = build_html_report(home).html
    section = html[html.index(f'id="{RANKING_ANCHOR}"') : html.index('id="runs"')]
    assert f'href="#{RANKING_ANCHOR}"' in html
    assert section.count('<section class="table"') == 2
    assert "vgg16:relu2_2" in section and "Spearman, ImageNet top-1: rho =" in section
    for kind in ("loss-net-heatmap", "loss-net-accuracy"):
        assert section.count(f'id="figure-{kind}_') == 2


def test_report_without_a_ranking_has_no_such_section(isolated_home):
    from figure_study import make_figure_study

    home = make_figure_study(isolated_home / "study")
    assert RANKING_ANCHOR not in build_html_report(home).html
