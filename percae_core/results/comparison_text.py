"""How a comparison reads as text, the same in `percae compare`, under each results table and in
the report: the row of numbers, the caption that names n, the interval method and Holm's
adjustment, and the one-character marks a table cell carries."""

from __future__ import annotations

from collections.abc import Sequence

from percae_core.evaluation.metric_registry import get_metric
from percae_core.models.variants import variant_title
from percae_core.results.comparisons import ComparisonRecord
from percae_core.stats.evidence import TEST_SAMPLING_LABEL
from percae_core.stats.verdict import Verdict

COLUMNS = ("Comparison", "z", "n", "Mean diff", "Interval", "P(improve)", "p Holm", "Verdict")

#: The mark a perceptual cell of a results table carries for its verdict against its twin.
MARKS = {Verdict.BETTER: "✓", Verdict.WORSE: "✗", Verdict.UNRESOLVED: "≈"}


def mark_of(record: ComparisonRecord) -> str:
    return MARKS[Verdict(record.verdict)]


def marks_legend(*, one_z: bool = False) -> str:
    """The legend under a table whose perceptual cells carry marks; ``one_z``: the table has a
    single z, so its "Any" row is that z and reads that z's comparison."""
    any_row = (
        'The "Any" row is that z here, and its mark is that z\'s.'
        if one_z
        else 'The "Any" row\'s mark compares, per run, each side at the z its validation loss '
        "chose (z = any in `percae compare`)."
    )
    return (
        f"{MARKS[Verdict.BETTER]} / {MARKS[Verdict.WORSE]} / {MARKS[Verdict.UNRESOLVED]} on a "
        "perceptual cell: better / worse than its pixel-wise twin in the same runs "
        "(P. AE vs AE, P. VAE vs VAE), or unresolved (the interval of the difference holds 0); "
        f"bold only where that verdict separates the row's best from its twin. {any_row} The "
        "numbers are in the comparisons under the table."
    )


def difference_text(record: ComparisonRecord, value: float) -> str:
    info = get_metric(record.metric)
    return f"{info.shown(value):+.{info.decimals + 1}f}"


def interval_text(record: ComparisonRecord) -> str:
    return (
        f"[{difference_text(record, record.ci_low)}, {difference_text(record, record.ci_high)}] "
        f"({100 * record.confidence:.2f} %)"
    )


def verdict_text(record: ComparisonRecord) -> str:
    """The verdict, with the repeats an unresolved one would need."""
    if record.repeats_needed is not None:
        return f"{record.verdict} (about {record.repeats_needed} repeats)"
    return record.verdict


def p_text(p: float) -> str:
    """A p-value as tables write it: three significant digits, "< 0.001" below that (a bootstrap
    with no resample on the other side of 0 gives 0, which is not a probability to print)."""
    return "< 0.001" if p < 0.001 else f"{p:.3g}"


def comparison_row(record: ComparisonRecord) -> tuple[str, ...]:
    return (
        f"{variant_title(record.variant)} vs {variant_title(record.baseline)}",
        str(record.z),
        str(record.n),
        difference_text(record, record.mean_diff),
        interval_text(record),
        f"{record.prob_improvement:.2f}",
        p_text(record.p_holm),
        verdict_text(record),
    )


def comparisons_caption(family: Sequence[ComparisonRecord]) -> str:
    """n, the interval methods and Holm's adjustment over the family (one table)."""
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
