"""What the comparisons of one results table do to its cells: the verdict mark on each
perceptual cell, which row's best value may be bold (only one its twin comparison resolves),
and the caption's words on n, the interval method and Holm's adjustment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from percae_core.models.variants import VARIANTS
from percae_core.results.comparison_text import mark_of
from percae_core.results.comparisons import ANY_Z, ComparisonRecord, twin_of
from percae_core.results.summary import RUNS_INTERVAL
from percae_core.stats.verdict import Verdict

ZKey = int | str


class TableVerdicts:
    """The comparisons of one table, looked up by (variant, z) with z an int or "any". In a
    table of one z (``only_z``) the "any" row is that z, and reads its comparison."""

    def __init__(self, comparisons: Sequence[ComparisonRecord], only_z: ZKey | None = None) -> None:
        self.comparisons = tuple(comparisons)
        self.only_z = only_z
        self._by_cell = {(c.variant, c.z): c for c in self.comparisons}
        if only_z is not None:
            for c in self.comparisons:
                if c.z == only_z:
                    self._by_cell[(c.variant, ANY_Z)] = c

    def mark(self, variant: str, z: ZKey) -> str:
        """ " ✓" (better), " ✗" (worse), " ≈" (unresolved) for a compared perceptual cell."""
        record = self._by_cell.get((variant, z))
        return "" if record is None else f" {mark_of(record)}"

    def resolved_better(self, variant: str, z: ZKey) -> bool:
        """True when ``variant`` at ``z`` is resolved better than its twin: a perceptual variant
        with verdict better, or a pixel-wise one whose perceptual twin's verdict is worse."""
        if variant in VARIANTS and VARIANTS[variant].perceptual:
            record = self._by_cell.get((variant, z))
            return record is not None and record.verdict == Verdict.BETTER.value
        return any(
            c.baseline == variant and row_z == z and c.verdict == Verdict.WORSE.value
            for (_, row_z), c in self._by_cell.items()
        )

    def caption(self, records: Sequence[dict]) -> str:
        """ " · cells: mean and 95 % ... (n = 3 runs) · verdicts: paired t over repeats, Holm over
        the table's 4 comparisons" (one run: "n = 1, no interval")."""
        runs = sorted(set(Counter((r["variant"], r["z"]) for r in records).values()))
        if runs == [1]:
            text = " · cells: one run each (n = 1, no interval)"
        else:
            shown = "/".join(str(n) for n in runs)
            text = f" · cells: {RUNS_INTERVAL} (n = {shown} runs)"
        if not self.comparisons:
            return text + f" · verdicts: none ({_why_no_verdicts(records)})"
        methods = sorted({c.ci_method for c in self.comparisons})
        return (
            text + f" · verdicts: {', '.join(methods)}, Holm-adjusted over the table's "
            f"{len(self.comparisons)} comparison{'s' if len(self.comparisons) != 1 else ''}"
        )


def _why_no_verdicts(records: Sequence[dict]) -> str:
    """Twins present but one run each: the interval needs repeats or per-example scores."""
    present = {(r["variant"], r["z"]) for r in records}
    twinned = any(
        VARIANTS[v].perceptual and (twin_of(v), z) in present for v, z in present if v in VARIANTS
    )
    if not twinned:
        return "no perceptual variant with its pixel-wise twin"
    return (
        "one run each, and no intact per-example test scores stored with them: --repeats 3 "
        "gives intervals over runs; `percae bench --recompute CELL` stores the scores"
    )
