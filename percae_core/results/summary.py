"""Several runs of one table cell as mean +- std with n, and how tables write numbers.

Accuracy is stored as a fraction and shown in percent; distances in pixels with two decimals
(the paper's precision); L1 errors with four significant digits.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


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


def shown_value(metric: str, value: float) -> float:
    """A stored value in the unit tables show (accuracy fraction -> percent)."""
    return value * 100.0 if metric == "accuracy" else value


def unit_of(metric: str) -> str:
    return {"accuracy": "%", "distance_px": "px"}.get(metric, "")


def number_text(metric: str, value: float) -> str:
    if metric == "accuracy":
        return f"{value:.1f}"
    if metric == "distance_px":
        return f"{value:.2f}"
    return f"{value:.4g}"


def summary_text(metric: str, summary: Summary, notes: Sequence[str] = ()) -> str:
    """``"13.22"``, ``"13.22 ± 0.41 (n=3)"``, ``"12.30 (z=64; paper 12.70)"``."""
    text = number_text(metric, summary.mean)
    extras = list(notes)
    if summary.n > 1:
        text += f" ± {number_text(metric, summary.std or 0.0)}"
        extras.insert(0, f"n={summary.n}")
    return f"{text} ({'; '.join(extras)})" if extras else text


def lower_is_better(metric: str) -> bool:
    return metric != "accuracy"
