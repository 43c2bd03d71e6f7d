"""Which loss network gives the most useful embeddings: the perceptual variants' results of
several loss networks side by side, ranked per dataset and latent size.

One table per (profile, dataset, predictor, variant, gamma) where at least two loss networks have
results: rows are the latent sizes, columns the loss networks, each cell the test value as mean
± std over runs (seeds, repeats), the best of each row marked, and the row's ranking in the
notes. Pixel-wise variants have no loss network and do not appear. Everything else that
changes a number (profile, variant, gamma) is part of the table's identity, so no table merges
two settings.
"""

from __future__ import annotations

from collections import defaultdict

from percae_core.results.summary import (
    Summary,
    lower_is_better,
    shown_value,
    summary_text,
    unit_of,
)
from percae_core.results.table_data import (
    PERCEPTUAL_VARIANTS,
    Section,
    Table,
    caption_for,
    dataset_title,
    variant_title,
)

RANKING_SECTION = "compared (loss-network ranking)"
_PREDICTOR_TITLES = {"mlp": "MLP predictor", "linear": "linear regressor"}


def loss_net_ranking_sections(records: list[dict]) -> list[Section]:
    """One section per profile holding its ranking tables; [] when no study compared networks."""
    by_table: dict[tuple, list[dict]] = defaultdict(list)
    for record in records:
        if (
            record.get("variant") in PERCEPTUAL_VARIANTS
            and record["predictor"] in _PREDICTOR_TITLES
        ):
            key = (
                str(record.get("profile")),
                record["dataset"],
                record["predictor"],
                record["metric"],
                record["variant"],
                record.get("gamma"),
            )
            by_table[key].append(record)
    tables: dict[str, list[Table]] = defaultdict(list)
    for key in sorted(by_table, key=lambda k: tuple(str(part) for part in k)):
        table = _ranking_table(key, by_table[key])
        if table is not None:
            tables[key[0]].append(table)
    return [Section(RANKING_SECTION, profile, tuple(found)) for profile, found in tables.items()]


def _ranking_table(key: tuple, records: list[dict]) -> Table | None:
    profile, dataset, predictor, metric, variant, gamma = key
    nets = sorted({str(r["loss_net"]) for r in records})
    if len(nets) < 2:
        return None
    runs: dict[tuple[int, str], list[float]] = defaultdict(list)
    for record in records:
        runs[(record["z"], str(record["loss_net"]))].append(shown_value(metric, record["value"]))
    lower = lower_is_better(metric)
    rows, numbers, best, notes = [], [], [], []
    for z in sorted({z for z, _ in runs}):
        summaries = [Summary.of(runs.get((z, net), [])) for net in nets]
        rows.append((f"z={z}", *(_text(metric, s) for s in summaries)))
        numbers.append((None, *summaries))
        present = [(s.mean, net) for s, net in zip(summaries, nets) if s is not None]
        ranked = [net for _, net in sorted(present, reverse=not lower)]
        best.append(1 + nets.index(ranked[0]) if ranked else None)
        notes.append(f"z={z}: " + " > ".join(ranked))
    direction = "lower" if lower else "higher"
    gamma_text = f", gamma {gamma:g}" if gamma is not None else ""
    return Table(
        key=f"loss-net-ranking-{profile}-{dataset}-{predictor}-{variant}",
        title=f"Loss networks compared: {dataset_title(dataset)}, {variant_title(variant)}"
        f"{gamma_text}, {_PREDICTOR_TITLES[predictor]}",
        caption=f"{caption_for(records)} · test {metric} in {unit_of(metric) or 'units'} "
        f"({direction} is better), mean ± std over runs; best per latent size marked; "
        "intervals, ranks and Spearman correlations: `percae rank`",
        columns=("z", *nets),
        rows=tuple(rows),
        numbers=tuple(numbers),
        best=tuple(best),
        notes=tuple(f"ranking {note}" for note in notes),
    )


def _text(metric: str, summary: Summary | None) -> str:
    return "–" if summary is None else summary_text(metric, summary)
