"""The Results screen's answer to the study's question, from `percae_core.results.comparisons`:
per perceptual variant, dataset, predictor and z, is it better than its pixel-wise twin, worse,
or unresolved (the interval holds 0), with the difference's interval and the number of paired
runs (n). The verdict words are `percae_core.stats.verdict.Verdict`'s, as in every other output."""

from __future__ import annotations

from collections.abc import Sequence

from percae_core.evaluation.metric_registry import get_metric
from percae_core.models.variants import variant_title
from percae_core.results.comparisons import ComparisonRecord
from percae_core.results.table_data import Table, dataset_title
from percae_core.stats.verdict import Verdict

TITLE = "Is the perceptual loss better? One verdict per comparison (c: methods and p-values)"
CAPTION = (
    "Perceptual variant minus its pixel-wise twin, paired by seed and repeat. better/worse only "
    "when the whole interval (Holm-adjusted over its table) lies on one side of 0; otherwise "
    f"{Verdict.UNRESOLVED.value}."
)


def difference_text(record: ComparisonRecord) -> str:
    """``-3.21 px [-4.10, -2.30]`` in the metric's unit as the tables show it."""
    info = get_metric(record.metric)

    def number(value: float) -> str:
        return f"{info.shown(value):+.{info.decimals}f}"

    return (
        f"{number(record.mean_diff)}{info.suffix or ' pp'} "
        f"[{number(record.ci_low)}, {number(record.ci_high)}]"
    )


#: Columns left out when every row has the same value (then named in the caption): at 80
#: columns the table otherwise lost its last columns.
SHARED_WHEN_CONSTANT = ("Predictor", "Dataset", "Loss net")
COLUMNS = (
    "Comparison",
    "z",
    "Verdict",
    "Difference (interval)",
    "n",
    *SHARED_WHEN_CONSTANT,
)


def _row(record: ComparisonRecord) -> tuple[str, ...]:
    return (
        f"{variant_title(record.variant)} vs {variant_title(record.baseline)}",
        str(record.z),
        record.verdict,
        difference_text(record),
        str(record.n),
        record.predictor,
        dataset_title(record.dataset),
        record.loss_net or "-",
    )


def verdict_table(records: Sequence[ComparisonRecord]) -> Table | None:
    """Every comparison in one table (None when none exists yet); a column whose value every row
    shares is named once in the caption instead."""
    if not records:
        return None
    rows = [_row(r) for r in records]
    shared = [
        i
        for i, name in enumerate(COLUMNS)
        if name in SHARED_WHEN_CONSTANT and len({row[i] for row in rows}) == 1
    ]
    kept = [i for i in range(len(COLUMNS)) if i not in shared]
    caption = CAPTION
    if shared:
        every = ", ".join(f"{COLUMNS[i].lower()} {rows[0][i]}" for i in shared)
        caption += f" Every row: {every}."
    return Table(
        key="verdicts",
        title=TITLE,
        caption=caption,
        columns=tuple(COLUMNS[i] for i in kept),
        rows=tuple(tuple(row[i] for i in kept) for row in rows),
    )
