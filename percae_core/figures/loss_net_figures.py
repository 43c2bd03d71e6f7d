"""The figures of the loss-network rankings (`percae rank`): per ranking a trunk x layer heatmap
and the score against ImageNet top-1. A study without a ranking gets none, and says why only
when these kinds were asked for by name (a Pihlgren 2020 study has nothing to rank)."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from percae_core.figures.drawn import (
    KINDS,
    LOSS_NET_ACCURACY,
    LOSS_NET_HEATMAP,
    RANKING_KINDS,
    Drawn,
    Skipped,
)
from percae_core.figures.loss_net_accuracy import draw_loss_net_accuracy
from percae_core.figures.loss_net_common import ranking_settings, ranking_title
from percae_core.figures.loss_net_heatmap import draw_loss_net_heatmap
from percae_core.paths import Home
from percae_core.results.comparisons import run_scores_loader
from percae_core.results.loss_net_rank import Ranking, build_rankings

_HOW = (
    "Run the loss-network study, e.g. `percae bench --study loss-networks --profile smoke`, or "
    "`percae bench` with two or more --loss-net values."
)


def ranking_figures(
    home: Home, records: Sequence[dict], kinds: Collection[str]
) -> Iterator[Drawn | Skipped]:
    """Every ranking figure of ``kinds``; Skipped ones only for kinds named on purpose."""
    if not any(kind in kinds for kind in RANKING_KINDS):
        return
    explicit = set(kinds) != set(KINDS)
    rankings = build_rankings(records, run_scores_loader(home.runs))
    if not rankings and explicit:
        yield Skipped(
            "Loss-network figures", "no setting has finished cells of two loss networks.", _HOW
        )
    yield from draw_ranking_figures(rankings, kinds, explicit=explicit)


def draw_ranking_figures(
    rankings: Sequence[Ranking], kinds: Collection[str], *, explicit: bool
) -> Iterator[Drawn | Skipped]:
    """The figures of ``kinds`` of rankings already built; with ``explicit``, why one is not."""
    for ranking, setting in zip(rankings, ranking_settings(rankings)):
        if LOSS_NET_HEATMAP in kinds:
            drawn = draw_loss_net_heatmap(ranking, setting)
            if drawn is not None:
                yield drawn
            elif explicit:
                yield Skipped(
                    ranking_title("Loss network x layer", ranking, setting),
                    "none of its networks taps a single layer of a registered trunk.",
                    _HOW,
                )
        if LOSS_NET_ACCURACY in kinds:
            drawn = draw_loss_net_accuracy(ranking, setting)
            if drawn is not None:
                yield drawn
            elif explicit:
                yield Skipped(
                    ranking_title("Score against ImageNet accuracy", ranking, setting),
                    "it needs two pretrained networks with a known ImageNet accuracy.",
                    _HOW,
                )
