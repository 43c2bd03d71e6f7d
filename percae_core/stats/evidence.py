"""The evidence behind one comparison, able to give a p-value and an interval at any level.

- `RepeatEvidence` (n >= 2 pairs): the paired differences d_i = variant_i - baseline_i over
  repeats; Student's t interval d̄ ± t_{1-α/2, n-1} s_d / sqrt(n) and the paired t-test's
  two-sided p-value, both from `scipy.stats.ttest_1samp(d, 0)` (equal to
  `scipy.stats.ttest_rel(variant, baseline)`).
- `SingleRunEvidence` (n = 1): the per-example score differences of the two trained
  predictors on the same test images; `scipy.stats.bootstrap` of their mean (percentile method,
  `BOOTSTRAP_RESAMPLES` resamples, a `numpy.random.Generator` seeded with `BOOTSTRAP_SEED`).
  Resampling the differences resamples the same images for both predictors: a paired
  bootstrap. Its p-value is the percentile bootstrap's: twice the smaller share of resampled
  means on either side of 0 (at most 1), so that the percentile interval at level 1 - α
  excludes 0 exactly when p < α, up to the quantiles' interpolation. It measures test-set
  sampling only: the training variance is unknown with one run (`TEST_SAMPLING_LABEL`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import stats

BOOTSTRAP_RESAMPLES = 4000
BOOTSTRAP_SEED = 0
T_METHOD = "paired t over repeats"
BOOTSTRAP_METHOD = "paired bootstrap over test examples"
TEST_SAMPLING_LABEL = "test sampling only; training variance unknown (n = 1)"


@dataclass(frozen=True)
class RepeatEvidence:
    """Paired differences over n >= 2 repeats (variant minus baseline)."""

    differences: tuple[float, ...]
    method: str = T_METHOD

    def __post_init__(self) -> None:
        if len(self.differences) < 2:
            raise ValueError("a t interval needs at least two paired differences")

    @property
    def n(self) -> int:
        return len(self.differences)

    @property
    def mean(self) -> float:
        return float(np.mean(self.differences))

    def _test(self) -> Any:
        return stats.ttest_1samp(np.asarray(self.differences, dtype=float), 0.0)

    def p_value(self) -> float:
        """The two-sided paired t-test's p-value (1 when every difference is 0)."""
        p = float(self._test().pvalue)
        return 1.0 if math.isnan(p) else p

    def interval(self, confidence: float) -> tuple[float, float]:
        """Student's t interval at ``confidence`` (0 width when every difference is equal)."""
        if float(np.std(self.differences)) == 0.0:
            return self.mean, self.mean
        ci = self._test().confidence_interval(confidence_level=confidence)
        return float(ci.low), float(ci.high)


@dataclass(frozen=True)
class SingleRunEvidence:
    """One run: per-example score differences on the same test images (variant - baseline)."""

    per_example: np.ndarray = field(repr=False)
    method: str = BOOTSTRAP_METHOD
    distribution: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        values = np.asarray(self.per_example, dtype=float)
        if values.ndim != 1 or len(values) < 2:
            raise ValueError("a bootstrap over test examples needs at least two examples")
        object.__setattr__(self, "distribution", _bootstrap_means(values))

    @property
    def n(self) -> int:
        return 1

    @property
    def mean(self) -> float:
        return float(np.mean(self.per_example))

    def p_value(self) -> float:
        below = float(np.mean(self.distribution <= 0.0))
        above = float(np.mean(self.distribution >= 0.0))
        return min(1.0, 2.0 * min(below, above))

    def interval(self, confidence: float) -> tuple[float, float]:
        """The percentile interval of the bootstrap means at ``confidence``."""
        tail = 100.0 * (1.0 - confidence) / 2.0
        low, high = np.percentile(self.distribution, [tail, 100.0 - tail])
        return float(low), float(high)


def _bootstrap_means(values: np.ndarray) -> np.ndarray:
    if float(np.ptp(values)) == 0.0:  # scipy refuses a degenerate sample; its means are equal
        return np.full(BOOTSTRAP_RESAMPLES, float(values[0]))
    result = stats.bootstrap(
        (values,),
        np.mean,
        n_resamples=BOOTSTRAP_RESAMPLES,
        method="percentile",
        vectorized=True,
        batch=200,
        rng=np.random.default_rng(BOOTSTRAP_SEED),
    )
    return np.asarray(result.bootstrap_distribution, dtype=float)


Evidence = RepeatEvidence | SingleRunEvidence


def paired_differences(variant: Sequence[float], baseline: Sequence[float]) -> tuple[float, ...]:
    """variant_i - baseline_i for pairs given in the same order."""
    if len(variant) != len(baseline):
        raise ValueError(f"{len(variant)} variant values but {len(baseline)} baseline values")
    return tuple(float(v) - float(b) for v, b in zip(variant, baseline))
