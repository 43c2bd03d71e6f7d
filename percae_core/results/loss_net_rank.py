"""Which loss network? The perceptual cells of one setting ranked by their embeddings' test score.

One `Ranking` per (setting less the loss network, dataset, predictor, variant, z) where at least
two loss networks have finished cells. Each network's score is the mean over its runs (seeds
and repeats) with a 95 % interval: Student's t over the runs for n >= 2, or for n = 1 a seeded
bootstrap of the mean over the run's stored per-example test scores (test-set sampling only;
none when they are not stored). Rank 1 is the best (direction from the metric registry), ties
as ``scipy.stats.rankdata(method="average")``. The pixel-wise twin of the same setting is the
reference, and each network carries the verdict of its comparison with that twin
(`results/comparisons.py`, Holm within its own setting). Two Spearman correlations of the mean
score, over the pretrained networks only: with the trunk's ImageNet top-1 and with the tap's
depth (`loss_net_facts`); random networks are ranked but enter neither.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from percae_core.data.catalog import dataset_rank
from percae_core.evaluation.metric_registry import find_metric
from percae_core.results.comparisons import (
    ComparisonRecord,
    ScoresLoader,
    build_comparisons,
    twin_of,
)
from percae_core.results.loss_net_facts import NetworkFacts, network_facts
from percae_core.results.record_order import PERCEPTUAL_VARIANTS
from percae_core.results.settings import SETTING_KEYS, Setting, belongs, setting_of
from percae_core.stats.evidence import SingleRunEvidence
from percae_core.stats.spearman import Correlation, spearman

CONFIDENCE = 0.95
T_INTERVAL = "95 % t interval over runs"
BOOTSTRAP_INTERVAL = "95 % bootstrap over test examples (test sampling only, n = 1)"
NO_INTERVAL = "none (one run, no stored per-example test scores)"
#: What the score is correlated with, in the order shown.
CORRELATES = ("imagenet_top1", "depth")
CORRELATE_TITLES = {"imagenet_top1": "ImageNet top-1", "depth": "layer depth"}


@dataclass(frozen=True)
class ScoreSummary:
    """A score over n runs: mean and its 95 % interval (None when there is none)."""

    n: int
    mean: float
    ci_low: float | None
    ci_high: float | None
    interval_method: str


@dataclass(frozen=True)
class RankedNetwork:
    facts: NetworkFacts
    score: ScoreSummary
    rank: float
    """1 = best; tied networks share the average of their ranks."""
    vs_pixel: str | None
    """The verdict of this network's variant against its pixel-wise twin, None when not made."""


@dataclass(frozen=True)
class PixelReference:
    variant: str
    score: ScoreSummary


@dataclass(frozen=True)
class Ranking:
    setting: Setting
    """The setting shared by every ranked cell, without ``loss_net``."""
    dataset: str
    predictor: str
    metric: str
    higher_is_better: bool
    variant: str
    z: int
    networks: tuple[RankedNetwork, ...]
    """Best first."""
    reference: PixelReference | None
    correlations: tuple[Correlation, ...]
    """One per `CORRELATES` name, in that order."""

    @property
    def random_networks(self) -> int:
        return sum(not n.facts.pretrained for n in self.networks)


def summarise(records: Sequence[dict], scores: ScoresLoader) -> ScoreSummary:
    """Mean and 95 % interval of the records' values: t over runs, or n = 1's bootstrap."""
    values = np.asarray([float(r["value"]) for r in records])
    mean = float(values.mean())
    if len(values) >= 2:
        if float(np.ptp(values)) == 0.0:
            return ScoreSummary(len(values), mean, mean, mean, T_INTERVAL)
        ci = stats.ttest_1samp(values, 0.0).confidence_interval(confidence_level=CONFIDENCE)
        return ScoreSummary(len(values), mean, float(ci.low), float(ci.high), T_INTERVAL)
    per_example = scores(records[0])
    if per_example is None or per_example.ndim != 1 or len(per_example) < 2:
        return ScoreSummary(1, mean, None, None, NO_INTERVAL)
    low, high = SingleRunEvidence(per_example).interval(CONFIDENCE)
    return ScoreSummary(1, mean, low, high, BOOTSTRAP_INTERVAL)


#: What a network brings with it: its name, and its own input normalisation unless the cells
#: asked for another (AlexNet's is raw input, the other trunks' ImageNet's). One ranking holds
#: networks fed their own normalisations; it is split by normalisation only where one network
#: appears under two, so a ranking never merges two settings of one network.
PER_NETWORK_KEYS = ("loss_net", "input_norm")


def _without_network(record: dict) -> Setting:
    return tuple((k, v) for k, v in setting_of(record) if k not in PER_NETWORK_KEYS)


GroupKey = tuple[Setting, str, str, str, str, int]


def _loose_groups(records: Sequence[dict]) -> dict[GroupKey, dict[str, list[dict]]]:
    groups: dict[GroupKey, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for r in records:
        if r["variant"] in PERCEPTUAL_VARIANTS and r.get("loss_net") and find_metric(r["metric"]):
            key = (_without_network(r), r["dataset"], r["predictor"], r["metric"], r["variant"])
            groups[(*key, int(r["z"]))][str(r["loss_net"])].append(r)
    return groups


def _split_by_norm(
    key: GroupKey, nets: dict[str, list[dict]]
) -> dict[GroupKey, dict[str, list[dict]]]:
    norms = {r.get("input_norm") for runs in nets.values() for r in runs}
    if all(len({r.get("input_norm") for r in runs}) == 1 for runs in nets.values()):
        return {key: nets}
    setting, dataset, predictor, metric, variant, z = key
    split: dict[GroupKey, dict[str, list[dict]]] = {}
    for norm in sorted(norms, key=str):
        mine = {n: [r for r in runs if r.get("input_norm") == norm] for n, runs in nets.items()}
        narrowed: Setting = (*setting, ("input_norm", norm))
        split[(narrowed, dataset, predictor, metric, variant, z)] = {
            n: runs for n, runs in mine.items() if runs
        }
    return split


def _groups(records: Sequence[dict]) -> dict[GroupKey, dict[str, list[dict]]]:
    groups: dict[GroupKey, dict[str, list[dict]]] = {}
    for key, nets in _loose_groups(records).items():
        groups.update(_split_by_norm(key, nets))
    return {key: nets for key, nets in groups.items() if len(nets) >= 2}


def _verdict(
    comparisons: Sequence[ComparisonRecord], key: GroupKey, loss_net: str, record: dict
) -> str | None:
    _, dataset, predictor, metric, variant, z = key
    for c in comparisons:
        same = (c.dataset, c.predictor, c.metric, c.variant, c.z, c.loss_net)
        if same == (dataset, predictor, metric, variant, z, loss_net) and belongs(
            record, tuple((k, getattr(c, k)) for k in SETTING_KEYS)
        ):
            return c.verdict
    return None


def _reference(
    records: Sequence[dict], key: GroupKey, scores: ScoresLoader
) -> PixelReference | None:
    setting, dataset, predictor, metric, variant, z = key
    twin = twin_of(variant)
    mine = [
        r
        for r in records
        if (r["dataset"], r["predictor"], r["metric"], r["variant"], r["z"])
        == (dataset, predictor, metric, twin, z)
        and belongs(r, setting)
    ]
    return PixelReference(twin, summarise(mine, scores)) if mine else None


def _correlations(networks: Sequence[RankedNetwork]) -> tuple[Correlation, ...]:
    pretrained = [n for n in networks if n.facts.pretrained]
    out = []
    for against in CORRELATES:
        found = [
            (n.score.mean, float(value))
            for n in pretrained
            if (value := getattr(n.facts, against)) is not None
        ]
        out.append(spearman(against, [s for s, _ in found], [v for _, v in found]))
    return tuple(out)


def _ranking(
    key: GroupKey,
    nets: dict[str, list[dict]],
    records: Sequence[dict],
    scores: ScoresLoader,
    comparisons: Sequence[ComparisonRecord],
) -> Ranking:
    setting, dataset, predictor, metric, variant, z = key
    info = find_metric(metric)
    higher = bool(info and info.higher_is_better)
    names = sorted(nets)
    summaries = [summarise(nets[name], scores) for name in names]
    means = np.asarray([s.mean for s in summaries])
    ranks = stats.rankdata(-means if higher else means, method="average")
    networks = sorted(
        (
            RankedNetwork(
                network_facts(name), s, float(rank), _verdict(comparisons, key, name, nets[name][0])
            )
            for name, s, rank in zip(names, summaries, ranks)
        ),
        key=lambda n: (n.rank, n.facts.loss_net),
    )
    return Ranking(
        setting=setting,
        dataset=dataset,
        predictor=predictor,
        metric=metric,
        higher_is_better=higher,
        variant=variant,
        z=z,
        networks=tuple(networks),
        reference=_reference(records, key, scores),
        correlations=_correlations(networks),
    )


def build_rankings(
    records: Sequence[dict], scores: ScoresLoader = lambda record: None
) -> list[Ranking]:
    """Every ranking of the records (`CellStore.result_records`), in a stable order."""
    groups = _groups(records)
    if not groups:
        return []
    comparisons = build_comparisons(records, scores)
    return [
        _ranking(key, groups[key], records, scores, comparisons)
        for key in sorted(groups, key=_order)
    ]


def _order(key: GroupKey) -> tuple:
    setting, dataset, predictor, metric, variant, z = key
    return (dataset_rank(dataset), dataset, str(setting), predictor, metric, variant, z)
