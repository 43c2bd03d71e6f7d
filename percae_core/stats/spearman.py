"""Spearman's rank correlation with an interval, for few points (the loss-network study's ranks).

rho and its two-sided p-value are `scipy.stats.spearmanr`'s (ties as average ranks; the p-value
from its t approximation, which is rough below about 10 points: at |rho| = 1 it is 0, and
the note gives the exact permutation p-value 2/n! of a tie-free perfect ranking). The interval is Fisher's z
transform with the standard error Fieller, Hartley and Pearson (Biometrika 1957) give for
Spearman's rho, sqrt(1.06 / (n - 3)): tanh(atanh(rho) ± z_{0.975} · sqrt(1.06 / (n - 3))). It
needs n >= 4; with fewer points, a constant input or |rho| = 1 (where atanh is infinite) no
interval is given and ``note`` says why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

MIN_POINTS = 4
CONFIDENCE = 0.95
FIELLER_VARIANCE = 1.06
METHOD = "Spearman rho (scipy.stats.spearmanr); 95 % Fisher z interval, Fieller SE sqrt(1.06/(n-3))"
TOO_FEW = "too few networks for a correlation"
CONSTANT = "no correlation: one side has the same value for every network"
PERFECT = "no interval: Fisher z is infinite at |rho| = 1"


@dataclass(frozen=True)
class Correlation:
    """Spearman's rho of a score against one property of the networks (``against``)."""

    against: str
    """What the score is correlated with (a `CORRELATES` name)."""
    n: int
    """The networks that entered (those with a value for ``against``)."""
    rho: float | None
    p: float | None
    ci_low: float | None
    ci_high: float | None
    method: str = METHOD
    note: str | None = None
    """Why rho or its interval is missing; None when both are given."""


def fisher_interval(rho: float, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """tanh(atanh(rho) ± z · sqrt(1.06 / (n - 3))), for n >= 4 and |rho| < 1."""
    half = stats.norm.ppf(0.5 + confidence / 2.0) * math.sqrt(FIELLER_VARIANCE / (n - 3))
    centre = math.atanh(rho)
    return math.tanh(centre - half), math.tanh(centre + half)


def spearman(against: str, scores: Sequence[float], values: Sequence[float]) -> Correlation:
    """rho of ``scores`` with ``values`` (same order), its p-value and interval, or why not."""
    n = len(scores)
    if len(values) != n:
        raise ValueError(f"{n} scores but {len(values)} values")
    if n < MIN_POINTS:
        return Correlation(against, n, None, None, None, None, note=TOO_FEW)
    if float(np.ptp(scores)) == 0.0 or float(np.ptp(values)) == 0.0:
        return Correlation(against, n, None, None, None, None, note=CONSTANT)
    result = stats.spearmanr(scores, values)
    rho, p = float(result.statistic), float(result.pvalue)
    if abs(rho) >= 1.0:
        exact = f"; without ties the exact permutation p is 2/n! = {2 / math.factorial(n):.2g}"
        return Correlation(against, n, rho, p, None, None, note=PERFECT + exact)
    low, high = fisher_interval(rho, n)
    return Correlation(against, n, rho, p, low, high)
