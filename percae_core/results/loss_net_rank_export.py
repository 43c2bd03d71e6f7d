"""`percae rank`'s output: the rankings as JSON (docs/rank-json.md), CSV (one row per network)
and Markdown (one table per ranking, the pixel-wise reference last, the correlations in its
notes). Values are in the metric's stored unit in JSON and CSV (accuracy as a fraction), as the
tables show them in Markdown."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence

from percae_core.evaluation.metric_registry import get_metric
from percae_core.models.variants import variant_title
from percae_core.results.export import render_table
from percae_core.results.loss_net_rank import (
    CORRELATE_TITLES,
    CORRELATES,
    RankedNetwork,
    Ranking,
    ScoreSummary,
)
from percae_core.results.settings import value_text
from percae_core.results.table_data import Table, dataset_title
from percae_core.stats.spearman import METHOD, Correlation

NETWORK_KEYS = (
    "loss_net",
    "trunk",
    "layer",
    "depth",
    "imagenet_top1",
    "pretrained",
    "n",
    "mean",
    "ci_low",
    "ci_high",
    "interval_method",
    "rank",
    "vs_pixel",
)
GROUP_KEYS = ("dataset", "predictor", "metric", "higher_is_better", "variant", "z")


def _score(summary: ScoreSummary) -> dict:
    return {
        "n": summary.n,
        "mean": summary.mean,
        "ci_low": summary.ci_low,
        "ci_high": summary.ci_high,
        "interval_method": summary.interval_method,
    }


def network_dict(network: RankedNetwork) -> dict:
    facts = network.facts
    return {
        "loss_net": facts.loss_net,
        "trunk": facts.trunk,
        "layer": facts.layer,
        "depth": facts.depth,
        "imagenet_top1": facts.imagenet_top1,
        "pretrained": facts.pretrained,
        **_score(network.score),
        "rank": network.rank,
        "vs_pixel": network.vs_pixel,
    }


def correlation_dict(correlation: Correlation) -> dict:
    return {
        "with": correlation.against,
        "rho": correlation.rho,
        "p": correlation.p,
        "ci_low": correlation.ci_low,
        "ci_high": correlation.ci_high,
        "n": correlation.n,
        "method": correlation.method,
        "note": correlation.note,
    }


def ranking_dict(ranking: Ranking) -> dict:
    reference = ranking.reference
    return {
        **{key: getattr(ranking, key) for key in GROUP_KEYS},
        "setting": dict(ranking.setting),
        "networks": [network_dict(n) for n in ranking.networks],
        "pixel_reference": None
        if reference is None
        else {"variant": reference.variant, **_score(reference.score)},
        "correlations": [correlation_dict(c) for c in ranking.correlations],
    }


def _plain(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def rankings_json(rankings: Sequence[Ranking]) -> str:
    return json.dumps([_plain(ranking_dict(r)) for r in rankings], indent=2) + "\n"


def _correlation_columns() -> list[str]:
    return [
        f"{part}_{against}"
        for against in CORRELATES
        for part in ("rho", "p", "ci_low", "ci_high", "n")
    ]


def rankings_csv(rankings: Sequence[Ranking]) -> str:
    """One row per ranked network; its ranking's setting and correlations repeated on it."""
    setting_keys = sorted({key for r in rankings for key, _ in r.setting})
    columns = [*GROUP_KEYS, *setting_keys, *NETWORK_KEYS, *_correlation_columns()]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for ranking in rankings:
        shared = {key: getattr(ranking, key) for key in GROUP_KEYS} | dict(ranking.setting)
        for c in ranking.correlations:
            shared |= {
                f"{part}_{c.against}": getattr(c, part)
                for part in ("rho", "p", "ci_low", "ci_high", "n")
            }
        for network in ranking.networks:
            row = shared | network_dict(network)
            writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in columns})
    return buffer.getvalue()


def _number(metric: str, value: float | None) -> str:
    info = get_metric(metric)
    return "–" if value is None else info.text(info.shown(value))


def _interval(metric: str, summary: ScoreSummary) -> str:
    if summary.ci_low is None or summary.ci_high is None:
        return "–"
    return f"[{_number(metric, summary.ci_low)}, {_number(metric, summary.ci_high)}]"


def _rank_text(rank: float) -> str:
    return f"{rank:g}"


def _network_row(metric: str, network: RankedNetwork) -> tuple[str, ...]:
    facts = network.facts
    layer = "–" if facts.layer is None else f"{facts.layer} ({facts.depth or '?'})"
    top1 = (
        "random"
        if not facts.pretrained
        else ("–" if facts.imagenet_top1 is None else f"{facts.imagenet_top1:.1f}")
    )
    return (
        _rank_text(network.rank),
        facts.loss_net,
        layer,
        top1,
        str(network.score.n),
        _number(metric, network.score.mean),
        _interval(metric, network.score),
        network.vs_pixel or "–",
    )


def correlation_text(correlation: Correlation) -> str:
    """``ImageNet top-1: rho = -0.40 [-0.93, 0.62], p = 0.51, n = 5`` or why there is none."""
    title = CORRELATE_TITLES[correlation.against]
    if correlation.rho is None:
        return f"{title}: {correlation.note} (n = {correlation.n})"
    text = f"{title}: rho = {correlation.rho:+.2f}"
    if correlation.ci_low is not None and correlation.ci_high is not None:
        text += f" [{correlation.ci_low:+.2f}, {correlation.ci_high:+.2f}]"
    text += f", p = {correlation.p:.2g}, n = {correlation.n}"
    return text + (f" ({correlation.note})" if correlation.note else "")


def ranking_caption(ranking: Ranking) -> str:
    info = get_metric(ranking.metric)
    better = "higher" if ranking.higher_is_better else "lower"
    where = ", ".join(value_text(k, v) for k, v in ranking.setting if v is not None)
    title = info.title[:1].upper() + info.title[1:]
    text = (
        f"{title} ({info.unit}; {better} is better) of {variant_title(ranking.variant)} "
        f"z={ranking.z} per loss network: mean over its n runs with a 95 % interval (t over "
        "runs; for n = 1 a bootstrap over test examples, test sampling only); rank 1 = best, "
        "ties averaged; depth = the layer's position among its trunk's taps; vs pixel-wise = "
        f"the verdict of `percae compare`. {where}."
    )
    sign = "positive" if ranking.higher_is_better else "negative"
    text += (
        f" Spearman rho of the mean score over the pretrained networks (here a {sign} rho means "
        f"higher ImageNet top-1, or a deeper layer, goes with better embeddings); {METHOD}."
    )
    if ranking.random_networks:
        text += f" Random networks ({ranking.random_networks}) are ranked but not correlated."
    return text


def ranking_table(ranking: Ranking) -> Table:
    rows = [_network_row(ranking.metric, n) for n in ranking.networks]
    if ranking.reference is not None:
        score = ranking.reference.score
        rows.append(
            (
                "ref.",
                f"{variant_title(ranking.reference.variant)} (pixel-wise)",
                "–",
                "–",
                str(score.n),
                _number(ranking.metric, score.mean),
                _interval(ranking.metric, score),
                "–",
            )
        )
    return Table(
        key=f"rank-{ranking.dataset}-{ranking.predictor}-{ranking.variant}-{ranking.z}",
        title=f"Which loss network? {dataset_title(ranking.dataset)}, {ranking.predictor}, "
        f"{variant_title(ranking.variant)} z={ranking.z}",
        caption=ranking_caption(ranking),
        columns=(
            "Rank",
            "Loss network",
            "Layer (depth)",
            "ImageNet top-1 %",
            "n",
            "Mean",
            "95 % interval",
            "vs pixel-wise",
        ),
        rows=tuple(rows),
        best=(1,) if rows else (),
        notes=tuple(f"Spearman, {correlation_text(c)}" for c in ranking.correlations),
    )


def rankings_markdown(rankings: Sequence[Ranking]) -> str:
    parts = ["# Which loss network?"]
    parts.extend(render_table(ranking_table(r)) for r in rankings)
    return "\n\n".join(parts) + "\n"
