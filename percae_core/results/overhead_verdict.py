"""One sentence on whether the measured overhead says anything, the same everywhere it is shown:
the Live screen, Results, `percae results`, the exports, the report and the overhead figure.

A mean overhead with a spread as wide as itself (or from one or two pairs of fits) is noise:
timings on a shared machine swing by tens of percent, so the sentence says so and from how
many pairs, instead of leaving a bare "-12.5% ± 15.5%" to be read as a finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from percae_core.results.summary import Summary

if TYPE_CHECKING:
    from percae_core.results.table_data import Table

RATIO_COLUMN = 3
"""The "Overhead" column of `overhead_table` (its numbers skip the Dataset column)."""
MIN_PAIRS = 3


def overhead_verdict(table: Table | None) -> str:
    if table is None or not table.numbers:
        return "No pixel-wise/perceptual pair of fits has finished yet."
    return verdict(table.numbers[-1][RATIO_COLUMN - 1])


def verdict(ratios: Summary | None) -> str:
    if ratios is None:
        return "No pixel-wise/perceptual pair of fits has finished yet."
    pairs = f"{ratios.n} pair{'s' if ratios.n != 1 else ''} of fits"
    if ratios.n < MIN_PAIRS:
        return f"From {pairs} only: too few to conclude anything about the overhead."
    if ratios.std is not None and ratios.std >= abs(ratios.mean):
        return (
            f"From {pairs}: the spread (± {ratios.std:.1f}%) is as wide as the overhead "
            f"({ratios.mean:+.1f}%): timing noise, no conclusion."
        )
    return f"From {pairs}: {ratios.mean:+.1f}% ± {ratios.std or 0:.1f}%."
