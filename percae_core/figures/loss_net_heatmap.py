"""Which loss network, which layer: one ranking (`percae rank`) as a trunk x layer-depth grid.

Rows are the trunks (a random trunk is its own row, below the pretrained ones), columns the
tap's depth (its position among the study's 4 layers of the trunk, 1 = shallowest); each cell is coloured by the
mean test score and shows the layer, the value and n. A combination that was not run is left
hatched. Better is always the same end of the colour scale (yellow). Networks without a single
tap (LPIPS) are not in the grid; the caption says so.
"""

from __future__ import annotations

import numpy as np

from percae_core.evaluation.metric_registry import get_metric
from percae_core.figures.backend import pyplot
from percae_core.figures.drawn import LOSS_NET_HEATMAP, Drawn
from percae_core.figures.labels import Setting, title_block
from percae_core.figures.loss_net_common import ranking_facts, ranking_name, ranking_title
from percae_core.results.loss_net_rank import RankedNetwork, Ranking
from percae_core.results.loss_net_rank_export import ranking_caption

KIND = LOSS_NET_HEATMAP


def _row_name(network: RankedNetwork) -> str:
    trunk = str(network.facts.trunk)
    return trunk if network.facts.pretrained else f"{trunk}-random"


def _grid(ranking: Ranking) -> tuple[list[str], int, dict[tuple[str, int], RankedNetwork]]:
    placed = [n for n in ranking.networks if n.facts.trunk and n.facts.depth]
    cells = {(_row_name(n), int(n.facts.depth or 0)): n for n in placed}
    rows = sorted({row for row, _ in cells}, key=lambda r: (r.endswith("-random"), r))
    return rows, max((d for _, d in cells), default=0), cells


def _cell_text(metric: str, network: RankedNetwork) -> str:
    info = get_metric(metric)
    value = info.text(info.shown(network.score.mean))
    return f"{network.facts.layer}\n{value}\nn={network.score.n}"


def draw_loss_net_heatmap(ranking: Ranking, setting: Setting) -> Drawn | None:
    """None when no ranked network has a single tap of a registered trunk."""
    rows, depths, cells = _grid(ranking)
    if not cells:
        return None
    plt = pyplot()
    info = get_metric(ranking.metric)
    values = np.full((len(rows), depths), np.nan)
    for (row, depth), network in cells.items():
        values[rows.index(row), depth - 1] = info.shown(network.score.mean)
    width = max(6.0, 1.5 * depths + 3.5)
    figure, axis = plt.subplots(
        figsize=(width, 1.0 + 0.75 * len(rows) + 1.6), dpi=100, layout="constrained"
    )
    axis.set_facecolor("#f2f2f2")
    axis.patch.set_hatch("//")
    axis.patch.set_edgecolor("#bbbbbb")
    cmap = "viridis" if ranking.higher_is_better else "viridis_r"
    image = axis.imshow(np.ma.masked_invalid(values), cmap=cmap, aspect="auto")
    low, high = np.nanmin(values), np.nanmax(values)
    for (row, depth), network in cells.items():
        shade = (values[rows.index(row), depth - 1] - low) / ((high - low) or 1.0)
        light = shade < 0.6 if ranking.higher_is_better else shade > 0.4
        axis.text(
            depth - 1,
            rows.index(row),
            _cell_text(ranking.metric, network),
            ha="center",
            va="center",
            fontsize=8,
            color="white" if light else "black",
        )
    axis.set_xticks(range(depths), [str(d) for d in range(1, depths + 1)])
    axis.set_yticks(range(len(rows)), rows)
    axis.set_xlabel(
        "layer depth (position among the study's 4 layers of the trunk, 1 = shallowest)"
    )
    better = "higher" if ranking.higher_is_better else "lower"
    bar = figure.colorbar(image, ax=axis)
    bar.set_label(f"{info.title} ({info.unit}; {better} is better)")
    title = ranking_title("Loss network x layer", ranking, setting)
    left_out = [n.facts.loss_net for n in ranking.networks if not (n.facts.trunk and n.facts.depth)]
    short = f"Mean over each network's n runs; hatched: not run. {ranking_facts(ranking)}."
    if left_out:
        short += f" Not in the grid (no single tap): {', '.join(left_out)}."
    figure.suptitle(title_block(title, short, width, 8.0), fontsize=8)
    caption = f"Hatched: not run. {ranking_caption(ranking)}"
    if left_out:
        caption += f" Not in the grid (no single tap): {', '.join(left_out)}."
    return Drawn(
        KIND,
        ranking_name(KIND, ranking, setting),
        title,
        ranking.dataset,
        setting,
        figure,
        notes=(caption,),
    )
