"""How many repeats the observed spread would need for the observed difference to be resolved.

With the observed mean difference d̄ and standard deviation s_d of n paired differences, the
smallest n' with t_{1-α/2, n'-1} · s_d / sqrt(n') < |d̄| (α the comparison's adjusted level):
the number of repeats at which a t interval of that width would exclude 0, if d̄ and s_d stayed
as observed. An estimate, not a promise: both are themselves uncertain at small n.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats

#: Beyond this the answer is "more repeats than are practical" (None).
MOST_REPEATS = 1000


def repeats_needed(differences: Sequence[float], alpha: float) -> int | None:
    """The t-based estimate above; None when d̄ is 0 or more than `MOST_REPEATS` are needed."""
    values = np.asarray(differences, dtype=float)
    mean, spread = abs(float(values.mean())), float(values.std(ddof=1))
    if mean == 0.0 or not math.isfinite(spread):
        return None
    for n in range(2, MOST_REPEATS + 1):
        if stats.t.ppf(1.0 - alpha / 2.0, n - 1) * spread / math.sqrt(n) < mean:
            return n
    return None
