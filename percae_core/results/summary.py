"""Several runs of one table cell as mean ± std with n, and how tables write numbers.

How each metric is shown (percent or not, unit, decimals) comes from
`percae_core.evaluation.metric_registry`: accuracy is stored as a fraction and shown in percent,
distances in pixels with two decimals (the paper's precision). Numbers that are no registered
metric (L1 errors) get four significant digits.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scipy import stats

from percae_core.evaluation.metric_registry import find_metric

#: The level of the intervals tables and figures show over runs.
CONFIDENCE = 0.95
#: How captions name that interval.
RUNS_INTERVAL = "mean and 95 % Student's t interval over runs"


@dataclass(frozen=True)
class Summary:
    """The runs of one cell: mean, sample standard deviation (None for one run) and count."""

    mean: float
    std: float | None
    n: int

    @classmethod
    def of(cls, values: Iterable[float]) -> Summary | None:
        numbers = [float(v) for v in values if v is not None and not math.isnan(float(v))]
        if not numbers:
            return None
        std = statistics.stdev(numbers) if len(numbers) > 1 else None
        return cls(statistics.fmean(numbers), std, len(numbers))

    def interval(self, confidence: float = CONFIDENCE) -> tuple[float, float] | None:
        """Student's t interval of the mean over the runs (None for one run): mean ± t_{n-1}
        s / sqrt(n), as `scipy.stats.t.interval`."""
        if self.n < 2 or self.std is None:
            return None
        half = float(stats.t.ppf(0.5 + confidence / 2.0, self.n - 1)) * self.std / math.sqrt(self.n)
        return self.mean - half, self.mean + half

    def half_width(self, confidence: float = CONFIDENCE) -> float:
        """Half the t interval's width (0 for one run): the error bar figures draw."""
        interval = self.interval(confidence)
        return 0.0 if interval is None else (interval[1] - interval[0]) / 2.0


def shown_value(metric: str, value: float) -> float:
    """A stored value in the unit tables show (accuracy fraction -> percent)."""
    info = find_metric(metric)
    return info.shown(value) if info else value


def unit_of(metric: str) -> str:
    info = find_metric(metric)
    return info.unit if info else ""


def number_text(metric: str, value: float) -> str:
    info = find_metric(metric)
    return info.text(value) if info else f"{value:.4g}"


def summary_text(metric: str, summary: Summary, notes: Sequence[str] = ()) -> str:
    """``"13.22"``, ``"13.22 ± 0.41 (n=3)"``, ``"12.30 (z=64; paper 12.70)"``."""
    text = number_text(metric, summary.mean)
    extras = list(notes)
    if summary.n > 1:
        text += f" ± {number_text(metric, summary.std or 0.0)}"
        extras.insert(0, f"n={summary.n}")
    return f"{text} ({'; '.join(extras)})" if extras else text


def interval_text(metric: str, summary: Summary, notes: Sequence[str] = ()) -> str:
    """``"13.22 [12.20, 14.24] (n=3)"``: the mean and its 95 % t interval over runs where
    there are several, else as `summary_text`."""
    interval = summary.interval()
    if interval is None:
        return summary_text(metric, summary, notes)
    low, high = (number_text(metric, value) for value in interval)
    text = f"{number_text(metric, summary.mean)} [{low}, {high}]"
    return f"{text} ({'; '.join([f'n={summary.n}', *notes])})"


def lower_is_better(metric: str) -> bool:
    info = find_metric(metric)
    return not info.higher_is_better if info else True
