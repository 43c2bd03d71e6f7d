"""Holm's step-down adjustment over the m comparisons of one table, and interval levels that
agree with it exactly.

Holm (1979): sort the p-values ascending, p_(1) <= ... <= p_(m); the adjusted
p_holm(k) = max over j <= k of min(1, (m - j + 1) p_(j)). The step-down rejects ranks
1..r-1, where r is the first rank with p_(r) > α / (m - r + 1).

Matching intervals (the choice made here): a rejected comparison at rank k gets the interval
at level 1 - α / (m - k + 1), its own step's level; every comparison the procedure did not
reject gets the level of the step where it stopped, 1 - α / (m - r + 1). Since a two-sided
p-value is below a level's α exactly when that level's interval excludes 0, the rejected
intervals exclude 0 and the others hold it, so the verdict read from the reported interval is
the same as Holm's decision (an interval at each rank's own level would not be: with m = 2 and
p = 0.03, 0.04, neither is rejected, yet the second interval at 95 % excludes 0).
"""

from __future__ import annotations

from collections.abc import Sequence

ALPHA = 0.05


def _ranks(p_values: Sequence[float]) -> list[int]:
    """Indices of ``p_values`` in ascending order of p (ties in their given order)."""
    return sorted(range(len(p_values)), key=lambda i: p_values[i])


def holm_adjusted(p_values: Sequence[float]) -> list[float]:
    """The Holm-adjusted p-values, in the order given."""
    m = len(p_values)
    adjusted = [1.0] * m
    running = 0.0
    for rank, index in enumerate(_ranks(p_values)):
        running = max(running, min(1.0, (m - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted


def holm_alphas(p_values: Sequence[float], alpha: float = ALPHA) -> list[float]:
    """Per comparison, the α of its reported interval (1 - α is its confidence; see above)."""
    m = len(p_values)
    alphas = [alpha] * m
    stopped: float | None = None
    for rank, index in enumerate(_ranks(p_values)):
        own = alpha / (m - rank)
        if stopped is None and p_values[index] > own:
            stopped = own
        alphas[index] = own if stopped is None else stopped
    return alphas
