"""What a comparison concludes: the variant is better, worse, or the data cannot tell."""

from __future__ import annotations

from enum import Enum


class Verdict(str, Enum):
    """``better``/``worse`` only when the whole reported interval lies on one side of 0."""

    BETTER = "better"
    WORSE = "worse"
    UNRESOLVED = "unresolved"


def verdict_of(ci_low: float, ci_high: float, *, higher_is_better: bool) -> Verdict:
    """The verdict an interval of ``variant - baseline`` reads: better when it lies entirely
    on the improving side of 0 (above for accuracy, below for a distance), worse when entirely
    on the other side, unresolved when it holds 0 (or is not a number)."""
    if ci_low > 0.0:
        return Verdict.BETTER if higher_is_better else Verdict.WORSE
    if ci_high < 0.0:
        return Verdict.WORSE if higher_is_better else Verdict.BETTER
    return Verdict.UNRESOLVED
