"""Does a better ImageNet classifier make a better loss network? One ranking (`percae rank`) as
its pretrained networks' mean test score against their trunk's ImageNet top-1, with each
score's 95 % interval as error bars, the layer depth as the marker's colour, the pixel-wise
twin as a dashed line, and Spearman's rho (with its interval and n) in the caption."""

from __future__ import annotations

from typing import Any

from percae_core.evaluation.metric_registry import get_metric
from percae_core.figures.backend import pyplot
from percae_core.figures.drawn import LOSS_NET_ACCURACY, Drawn
from percae_core.figures.labels import Setting, title_block
from percae_core.figures.loss_net_common import ranking_facts, ranking_name, ranking_title
from percae_core.models.variants import variant_title
from percae_core.results.loss_net_rank import CORRELATES, RankedNetwork, Ranking
from percae_core.results.loss_net_rank_export import correlation_text, ranking_caption

KIND = LOSS_NET_ACCURACY
MIN_POINTS = 2


def _errors(network: RankedNetwork, shown: float, scale: float) -> tuple[float, float]:
    score = network.score
    if score.ci_low is None or score.ci_high is None:
        return 0.0, 0.0
    return shown - score.ci_low * scale, score.ci_high * scale - shown


def _reference_line(axis: Any, ranking: Ranking, scale: float) -> None:
    if ranking.reference is None:
        return
    mean = ranking.reference.score.mean * scale
    label = f"{variant_title(ranking.reference.variant)} (pixel-wise): {mean:.3g}"
    axis.axhline(mean, color="#555555", linestyle="--", linewidth=1.2, label=label)


def draw_loss_net_accuracy(ranking: Ranking, setting: Setting) -> Drawn | None:
    """None with fewer than two pretrained networks of known ImageNet accuracy."""
    points = [n for n in ranking.networks if n.facts.imagenet_top1 is not None]
    if len(points) < MIN_POINTS:
        return None
    plt = pyplot()
    info = get_metric(ranking.metric)
    scale = info.shown(1.0)
    figure, axis = plt.subplots(figsize=(7.5, 5.2), dpi=100, layout="constrained")
    depths = [n.facts.depth or 0 for n in points]
    for network in points:
        shown = network.score.mean * scale
        axis.errorbar(
            network.facts.imagenet_top1,
            shown,
            yerr=[[value] for value in _errors(network, shown, scale)],
            fmt="none",
            ecolor="#888888",
            capsize=4,
            zorder=1,
        )
        axis.annotate(
            network.facts.loss_net,
            (network.facts.imagenet_top1 or 0.0, shown),
            xytext=(5, 4),
            textcoords="offset points",
            fontsize=7,
        )
    colours = plt.get_cmap("tab10")
    for depth in sorted(set(depths)):
        mine = [n for n, d in zip(points, depths) if d == depth]
        axis.scatter(
            [n.facts.imagenet_top1 for n in mine],
            [n.score.mean * scale for n in mine],
            color=colours((depth - 1) % 10),
            s=48,
            edgecolors="black",
            zorder=2,
            label=f"layer depth {depth}" if depth else "several taps",
        )
    _reference_line(axis, ranking, scale)
    axis.legend(fontsize=8, loc="best")
    better = "higher" if ranking.higher_is_better else "lower"
    axis.set_xlabel("ImageNet-1K top-1 of the trunk (%, torchvision's weights metadata)")
    axis.set_ylabel(f"{info.title} ({info.unit}; {better} is better)")
    axis.grid(alpha=0.3)
    axis.margins(x=0.15, y=0.1)
    top1 = next(c for c in ranking.correlations if c.against == CORRELATES[0])
    title = ranking_title("Score against ImageNet accuracy", ranking, setting)
    short = (
        f"Spearman, {correlation_text(top1)}; Fisher z interval, Fieller SE. Error bars: "
        f"{'; '.join(sorted({n.score.interval_method for n in points}))}. Pretrained networks "
        f"only. {ranking_facts(ranking)}."
    )
    figure.suptitle(title_block(title, short, 7.5, 8.0), fontsize=8)
    caption = f"Spearman, {correlation_text(top1)}. {ranking_caption(ranking)}"
    return Drawn(
        KIND,
        ranking_name(KIND, ranking, setting),
        title,
        ranking.dataset,
        setting,
        figure,
        notes=(caption,),
    )
