"""The report's "Which loss network?" section: each loss-network ranking's table (as `percae rank`
writes it in Markdown) and its figures, present only when the study has a ranking."""

from __future__ import annotations

from dataclasses import dataclass, field

from percae_core.figures.loss_net_common import RANKING_HEADING
from percae_core.report.html_tables import table_html
from percae_core.results.loss_net_rank import Ranking
from percae_core.results.loss_net_rank_export import ranking_table

#: The section's anchor, and the key its figures are collected under.
RANKING_ANCHOR = "which-loss-network"


@dataclass
class RankingPart:
    rankings: list[Ranking]
    figures: list = field(default_factory=list)
    """`EmbeddedFigure`s of the ranking kinds."""

    @property
    def nav(self) -> str:
        return f'<li><a href="#{RANKING_ANCHOR}">{RANKING_HEADING}</a></li>'

    def html(self) -> str:
        body = [f'<h2 id="{RANKING_ANCHOR}">{RANKING_HEADING}</h2>']
        body.append(
            '<p class="caption">Loss networks ranked by their embeddings\' test score, with '
            "Spearman correlations against ImageNet top-1 and layer depth (`percae rank`).</p>"
        )
        body.extend(table_html(ranking_table(ranking)) for ranking in self.rankings)
        if self.figures:
            body.append("<h3>Figures</h3>")
            body.extend(figure.html() for figure in self.figures)
        return "".join(body)
