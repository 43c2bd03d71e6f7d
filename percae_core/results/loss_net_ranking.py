"""Which loss network gives the most useful embeddings, as tables beside the paper's: the
rankings of `loss_net_rank` (the ones `percae rank` prints) laid out per latent size.

One table per (setting less the loss network, dataset, predictor, variant) where at least two
loss networks have results: rows are the latent sizes, columns the loss networks, each cell the
test score's mean and 95 % interval over runs (t for n >= 2, a bootstrap over test examples for
one run whose per-example scores are stored). The rank-1 network of a row is marked only where
its interval does not overlap the runner-up's (a conservative reading; no test between two
networks is made), and the row's order is in the notes, said to be not established where it is
not marked. Everything that changes a number is part of the table's identity (the ranking's
setting), so no table merges two settings.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence

from percae_core.results.comparisons import ScoresLoader
from percae_core.results.loss_net_rank import Ranking, ScoreSummary, build_rankings
from percae_core.results.summary import Summary, number_text, shown_value, unit_of
from percae_core.results.table_data import (
    Section,
    Table,
    caption_for,
    dataset_title,
    variant_title,
)

RANKING_SECTION = "compared (loss-network ranking)"
_PREDICTOR_TITLES = {"mlp": "MLP predictor", "linear": "linear regressor"}
MARK_RULE = (
    "A row's best network is marked only where its 95 % interval does not overlap the "
    "runner-up's; elsewhere the order is not established. Ranks, every interval's method and "
    "the Spearman correlations: `percae rank`."
)

TableKey = tuple


def _cell(metric: str, score: ScoreSummary) -> str:
    mean = number_text(metric, shown_value(metric, score.mean))
    if score.ci_low is None or score.ci_high is None:
        return mean if score.n == 1 else f"{mean} (n={score.n})"
    low, high = (number_text(metric, shown_value(metric, v)) for v in (score.ci_low, score.ci_high))
    return f"{mean} [{low}, {high}] (n={score.n})"


def _separated(ranking: Ranking) -> bool:
    """Whether the rank-1 network's interval lies wholly on the better side of the runner-up's."""
    if len(ranking.networks) < 2 or ranking.networks[0].rank == ranking.networks[1].rank:
        return False
    best, runner_up = ranking.networks[0].score, ranking.networks[1].score
    bounds = (best.ci_low, best.ci_high, runner_up.ci_low, runner_up.ci_high)
    if any(bound is None for bound in bounds):
        return False
    b_low, b_high, r_low, r_high = (float(bound) for bound in bounds)  # type: ignore[arg-type]
    return b_low > r_high if ranking.higher_is_better else b_high < r_low


def _scores(ranking: Ranking) -> dict[str, ScoreSummary]:
    return {n.facts.loss_net: n.score for n in ranking.networks}


def _numbers(ranking: Ranking, nets: list[str]) -> tuple[Summary | None, ...]:
    """The row's means in the unit shown, for sorting (None: the network has no cell here)."""
    scores = _scores(ranking)
    return (
        None,
        *(
            Summary(shown_value(ranking.metric, scores[net].mean), None, scores[net].n)
            if net in scores
            else None
            for net in nets
        ),
    )


def _row(ranking: Ranking, nets: list[str]) -> tuple[tuple[str, ...], int | None, str]:
    """The row's cells, the marked column (label first) if any, and its ranking note."""
    scores = _scores(ranking)
    cells = tuple(_cell(ranking.metric, scores[net]) if net in scores else "–" for net in nets)
    order = " > ".join(n.facts.loss_net for n in ranking.networks)
    note = f"ranking z={ranking.z}: {order}"
    if not _separated(ranking):
        return (f"z={ranking.z}", *cells), None, f"{note} (not established)"
    return (f"z={ranking.z}", *cells), 1 + nets.index(ranking.networks[0].facts.loss_net), note


def _key(ranking: Ranking) -> str:
    """A table key stable across runs, distinct per setting."""
    digest = hashlib.sha256(repr(ranking.setting).encode()).hexdigest()[:8]
    profile = dict(ranking.setting).get("profile")
    return f"loss-net-ranking-{profile}-{ranking.dataset}-{ranking.predictor}-{ranking.variant}-{digest}"


def _records_of(records: Sequence[dict], ranking: Ranking) -> list[dict]:
    return [
        r
        for r in records
        if (r["dataset"], r["predictor"], r["variant"])
        == (ranking.dataset, ranking.predictor, ranking.variant)
        and all(r.get(key) == value for key, value in ranking.setting if value is not None)
        and r.get("loss_net") is not None
    ]


def _table(rankings: list[Ranking], records: Sequence[dict]) -> Table:
    first = rankings[0]
    nets = sorted({n.facts.loss_net for ranking in rankings for n in ranking.networks})
    rows, numbers, best, notes = [], [], [], []
    for ranking in sorted(rankings, key=lambda r: r.z):
        row, marked, note = _row(ranking, nets)
        rows.append(row)
        numbers.append(_numbers(ranking, nets))
        best.append(marked)
        notes.append(note)
    mine = _records_of(records, first)
    direction = "higher" if first.higher_is_better else "lower"
    gamma = dict(first.setting).get("gamma")
    gamma_text = f", gamma {gamma:g}" if gamma is not None else ""
    return Table(
        key=_key(first),
        title=f"Loss networks compared: {dataset_title(first.dataset)}, "
        f"{variant_title(first.variant)}{gamma_text}, {_PREDICTOR_TITLES[first.predictor]}",
        caption=f"{caption_for(mine)} · test {first.metric} in "
        f"{unit_of(first.metric) or 'units'} ({direction} is better); cells: mean and 95 % "
        "interval (Student's t over runs; one run: a bootstrap over its test examples where "
        "they are stored)",
        columns=("z", *nets),
        rows=tuple(rows),
        numbers=tuple(numbers),
        best=tuple(best),
        notes=(*notes, MARK_RULE),
    )


def loss_net_ranking_sections(
    records: list[dict], scores: ScoresLoader = lambda record: None
) -> list[Section]:
    """One section per profile holding its ranking tables; [] when no study compared networks."""
    grouped: dict[TableKey, list[Ranking]] = defaultdict(list)
    for ranking in build_rankings(records, scores):
        if ranking.predictor in _PREDICTOR_TITLES:
            key = (ranking.setting, ranking.dataset, ranking.predictor, ranking.variant)
            grouped[key].append(ranking)
    by_profile: dict[str, list[Table]] = defaultdict(list)
    for rankings in grouped.values():
        profile = str(dict(rankings[0].setting).get("profile"))
        by_profile[profile].append(_table(rankings, records))
    return [
        Section(RANKING_SECTION, profile, tuple(found)) for profile, found in by_profile.items()
    ]
