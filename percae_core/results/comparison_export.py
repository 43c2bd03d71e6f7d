"""`percae compare`'s output: JSON and CSV records, and Markdown with one table per family."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import fields

from percae_core.evaluation.metric_registry import get_metric
from percae_core.models.variants import variant_title
from percae_core.results.comparisons import ComparisonRecord
from percae_core.results.export import render_json, render_table
from percae_core.results.settings import SETTING_KEYS, value_text
from percae_core.results.table_data import Table, dataset_title
from percae_core.stats.evidence import TEST_SAMPLING_LABEL

KEYS = tuple(f.name for f in fields(ComparisonRecord))


def comparisons_json(records: Sequence[ComparisonRecord]) -> str:
    return render_json([record.as_dict() for record in records])


def comparisons_csv(records: Sequence[ComparisonRecord]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=KEYS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: "" if v is None else v for k, v in record.as_dict().items()})
    return buffer.getvalue()


def _number(record: ComparisonRecord, value: float) -> str:
    info = get_metric(record.metric)
    return f"{info.shown(value):+.{info.decimals + 1}f}"


def _row(record: ComparisonRecord) -> tuple[str, ...]:
    verdict = record.verdict
    if record.repeats_needed is not None:
        verdict += f" (about {record.repeats_needed} repeats)"
    return (
        f"{variant_title(record.variant)} vs {variant_title(record.baseline)}",
        str(record.z),
        str(record.n),
        _number(record, record.mean_diff),
        f"[{_number(record, record.ci_low)}, {_number(record, record.ci_high)}] "
        f"({100 * record.confidence:.2f} %)",
        f"{record.prob_improvement:.2f}",
        f"{record.p_holm:.3g}",
        verdict,
    )


def _caption(family: Sequence[ComparisonRecord]) -> str:
    info = get_metric(family[0].metric)
    ns = sorted({r.n for r in family})
    methods = sorted({r.ci_method for r in family})
    text = (
        f"Variant minus its pixel-wise twin in {info.title} ({info.unit}; "
        f"{'higher' if info.higher_is_better else 'lower'} is better); n = "
        f"{'/'.join(map(str, ns))} pairs; intervals: {', '.join(methods)}, at the Holm level of "
        f"each comparison over the table's {len(family)} (verdict better/worse only when the "
        "whole interval lies on one side of 0)."
    )
    if any(r.label for r in family):
        text += f" n = 1: {TEST_SAMPLING_LABEL}."
    return text


def comparison_tables(records: Sequence[ComparisonRecord]) -> list[Table]:
    """One table per family (setting, dataset, predictor), as `percae compare` and the TUI's
    comparisons view show them."""
    families: dict[tuple, list[ComparisonRecord]] = defaultdict(list)
    for record in records:
        setting = tuple(getattr(record, key) for key in SETTING_KEYS)
        families[(setting, record.dataset, record.predictor)].append(record)
    tables = []
    for (setting, dataset, predictor), family in families.items():
        where = ", ".join(value_text(k, v) for k, v in zip(SETTING_KEYS, setting))
        tables.append(
            Table(
                key=f"{dataset}-{predictor}",
                title=f"{dataset_title(dataset)}, {predictor}: {where}",
                caption=_caption(family),
                columns=(
                    "Comparison",
                    "z",
                    "n",
                    "Mean diff",
                    "Interval",
                    "P(improve)",
                    "p Holm",
                    "Verdict",
                ),
                rows=tuple(_row(record) for record in family),
            )
        )
    return tables


def comparisons_markdown(records: Sequence[ComparisonRecord]) -> str:
    parts = ["# percae comparisons", *(render_table(t) for t in comparison_tables(records))]
    return "\n\n".join(parts) + "\n"
