"""One sentence on whether the measured overhead says anything, the same everywhere it is shown:
the Live screen, Results, `percae results`, the exports, the report and the overhead figure.

The sentence is `overhead_pairs.OverheadEstimate.sentence` of the pairs over every dataset: the
mean overhead with its 95 % t interval over paired fits, and "CPU timings on a shared machine
are noise-bound" (`stats.notes.NOISE_BOUND`) when that interval holds 0 or one pair gives none,
instead of a bare "-12.5% ± 15.5%" read as a finding. The overhead table carries it as its last
note; this module reads it back for the screens that show only the sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from percae_core.results.table_data import Table

NO_PAIRS = "No pixel-wise/perceptual pair of fits has finished yet."


def overhead_verdict(table: Table | None) -> str:
    """The overhead table's sentence (its last note), or that no pair has finished."""
    if table is None or not table.notes:
        return NO_PAIRS
    return table.notes[-1]
