"""The perceptual loss's training-time overhead from paired fits, with a t interval.

A pair is a perceptual fit and its pixel-wise twin (variant registry) of the same dataset, z,
seed and repeat. Its overhead is per_epoch(perceptual) / per_epoch(pixel) - 1, in percent, with
per-epoch time the fit's CPU seconds over its epochs when the records carry ``cpu_seconds``
(else, and for any pair where either side lacks it, the wall seconds per epoch). Per dataset:
the mean over pairs and Student's t interval (95 %, n >= 2). An interval that holds 0 is
noise-bound, and `OverheadEstimate.sentence` says so in `notes.NOISE_BOUND`'s words, the one
sentence the TUI, the tables and the figures can reuse.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from percae_core.models.variants import VARIANTS
from percae_core.results.comparisons import twin_of
from percae_core.stats.evidence import RepeatEvidence
from percae_core.stats.notes import NOISE_BOUND

CONFIDENCE = 0.95
#: The name of the estimate over every dataset's pairs.
OVERALL = "All"


@dataclass(frozen=True)
class OverheadEstimate:
    dataset: str
    n: int
    mean_pct: float
    ci_low_pct: float | None
    ci_high_pct: float | None
    timing: str
    """``cpu seconds`` when every pair had them, else ``wall seconds``."""
    pixel_per_epoch: float | None = None
    """Mean seconds per epoch (in ``timing``) of the pairs' pixel-wise fits."""
    perceptual_per_epoch: float | None = None

    @property
    def noise_bound(self) -> bool:
        return self.ci_low_pct is None or self.ci_low_pct <= 0.0 <= (self.ci_high_pct or 0.0)

    @property
    def sentence(self) -> str:
        pairs = f"{self.n} pair{'s' if self.n != 1 else ''} of fits, {self.timing}"
        if self.ci_low_pct is None or self.ci_high_pct is None:
            return f"{self.mean_pct:+.1f}% from {pairs}: one pair has no interval; {NOISE_BOUND}."
        text = (
            f"{self.mean_pct:+.1f}% [{self.ci_low_pct:+.1f}%, {self.ci_high_pct:+.1f}%] "
            f"(95 % t interval, {pairs})"
        )
        return text + (f": {NOISE_BOUND}." if self.noise_bound else ".")


def _per_epoch(record: dict, cpu: bool) -> float | None:
    if cpu:
        epochs = record.get("epochs_run") or 0
        return float(record["cpu_seconds"]) / epochs if epochs else None
    seconds = record.get("seconds_per_epoch")
    return None if seconds is None else float(seconds)


_Pair = tuple[float, bool, float, float]
"""(overhead %, timed in CPU seconds, pixel-wise and perceptual seconds per epoch)."""


def _ratios(autoencoders: list[dict]) -> dict[str, list[_Pair]]:
    fits = {
        (r["dataset"], r["z"], r.get("seed"), r.get("repeat"), r["variant"]): r
        for r in autoencoders
        if r["variant"] in VARIANTS
    }
    out: dict[str, list[_Pair]] = defaultdict(list)
    for (dataset, z, seed, repeat, variant), mine in sorted(fits.items(), key=str):
        if not VARIANTS[variant].perceptual:
            continue
        twin = fits.get((dataset, z, seed, repeat, twin_of(variant)))
        if twin is None:
            continue
        cpu = mine.get("cpu_seconds") is not None and twin.get("cpu_seconds") is not None
        slow, fast = _per_epoch(mine, cpu), _per_epoch(twin, cpu)
        if slow is not None and fast:
            out[dataset].append((100.0 * (slow / fast - 1.0), cpu, fast, slow))
    return out


def _estimate(name: str, pairs: list[_Pair]) -> OverheadEstimate:
    values = tuple(value for value, *_ in pairs)
    timing = "cpu seconds" if all(cpu for _, cpu, *_ in pairs) else "wall seconds"
    low = high = None
    if len(values) >= 2:
        low, high = RepeatEvidence(values).interval(CONFIDENCE)
    return OverheadEstimate(
        name,
        len(values),
        sum(values) / len(values),
        low,
        high,
        timing,
        sum(p[2] for p in pairs) / len(pairs),
        sum(p[3] for p in pairs) / len(pairs),
    )


def overhead_estimates(
    autoencoders: list[dict], *, overall: bool = False
) -> list[OverheadEstimate]:
    """One estimate per dataset with at least one pair, in dataset order; with ``overall`` and
    more than one dataset, then one over every pair (dataset `OVERALL`)."""
    by_dataset = _ratios(autoencoders)
    estimates = [_estimate(dataset, pairs) for dataset, pairs in sorted(by_dataset.items())]
    if overall and len(estimates) > 1:
        estimates.append(_estimate(OVERALL, [p for pairs in by_dataset.values() for p in pairs]))
    return estimates
