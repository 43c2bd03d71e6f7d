"""Builds the report of a percae home: the tables of every setting (with the paper's values),
every figure `percae figures` would draw (as PNG inside the page), the warnings and the runs.

Without matplotlib the report is still written, with the tables and a note saying how to get
the figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from percae_core.figures.backend import PlottingMissingError, pyplot
from percae_core.figures.drawn import RANKING_KINDS, Drawn, Skipped
from percae_core.figures.loss_net_figures import draw_ranking_figures
from percae_core.figures.make import FigureRequest, chosen_settings, draw_figures
from percae_core.figures.save import close, figure_bytes
from percae_core.figures.study import load_study
from percae_core.paths import Home
from percae_core.report.page import EmbeddedFigure, SettingPart, page_html
from percae_core.report.ranking_part import RANKING_ANCHOR, RankingPart
from percae_core.report.runs import runs_html
from percae_core.results.comparisons import run_scores_loader
from percae_core.results.loss_net_rank import build_rankings


@dataclass
class Report:
    html: str
    figures: int
    skipped: list[Skipped] = field(default_factory=list)


def build_html_report(home: Home, request: FigureRequest | None = None) -> Report:
    """The report as text; an error (nothing written) when the home has no results."""
    request = request or FigureRequest()
    study = load_study(home, request.datasets)
    settings = chosen_settings(study, request.settings)
    parts = {setting.slug: SettingPart(setting.slug, section) for setting, section in settings}
    skipped: list[Skipped] = []
    count = 0
    rankings = build_rankings(study.records, run_scores_loader(home.runs))
    ranking = RankingPart(rankings) if rankings else None
    per_setting = replace(request, kinds=[k for k in request.kinds if k not in RANKING_KINDS])
    try:
        pyplot()
        items = list(_embedded(draw_figures(home, per_setting)))
        items += _embedded(draw_ranking_figures(rankings, request.kinds, explicit=False))
    except PlottingMissingError as exc:
        items = [Skipped("Every figure", exc.message, exc.hint or "")]
    for item in items:
        if isinstance(item, Skipped):
            skipped.append(item)
        elif item[0] in parts:
            parts[item[0]].figures.append(item[1])
            count += 1
        elif item[0] == RANKING_ANCHOR and ranking is not None:
            ranking.figures.append(item[1])
            count += 1
    shown = {r["cell_id"] for s, _ in settings for r in study.autoencoders if s.includes(r)}
    runs = runs_html([r for r in study.autoencoders if r["cell_id"] in shown], study.experiments)
    source = home.database.name  # not the absolute path: the report is a file to share
    html = page_html("percae report", source, list(parts.values()), runs, skipped, ranking)
    return Report(html, count, skipped)


def _embedded(items: Iterable[Drawn | Skipped]) -> list[tuple[str, EmbeddedFigure] | Skipped]:
    """Each drawn figure as (setting slug, PNG for the page), closed once encoded."""
    out: list[tuple[str, EmbeddedFigure] | Skipped] = []
    for item in items:
        if isinstance(item, Drawn):
            try:
                png = figure_bytes(item, "png")
            finally:
                close(item)
            # the title and the settings footnote are drawn in the image: the caption beside it
            # adds only the notes, so each appears once in the page
            key = RANKING_ANCHOR if item.kind in RANKING_KINDS else item.setting.slug
            out.append((key, EmbeddedFigure(item.name, item.title, png, item.notes)))
        else:
            out.append(item)
    return out
