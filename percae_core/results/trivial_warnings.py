"""The tables' "no better than the trivial predictor" warnings, by the rule the cell diagnostics
use (`evaluation.diagnostics.compare_with_trivial`): a cell is fine only when the interval of its
difference to the trivial predictor lies wholly on the better side of 0, no margin beyond that.

The tables have no per-example scores of the trivial predictor, so the interval is over runs:
with n >= 2 runs of a cell, Student's t (95 %) of value - trivial per run (the trivial value of
the run's seed, else the mean of the stored ones). One run has no interval: it is flagged when
its value is not better at all, and the warning says the interval is unknown. Cells whose
diagnostics already warned (from the bootstrap over test examples) are left to that warning.
"""

from __future__ import annotations

from collections import defaultdict

from percae_core.evaluation.metric_registry import find_metric
from percae_core.results.summary import Summary, number_text, shown_value, unit_of
from percae_core.results.table_data import dataset_title, run_label, variant_title
from percae_core.stats.evidence import RepeatEvidence
from percae_core.stats.holm import ALPHA
from percae_core.stats.verdict import Verdict, verdict_of

ADVICE = "train longer (--profile), try the perceptual loss, or check its active dimensions."


def _trivial_value(record: dict, trivial: list[dict]) -> float | None:
    same = [r["value"] for r in trivial if r.get("seed") == record.get("seed")]
    summary = Summary.of(same or [r["value"] for r in trivial])
    return None if summary is None else summary.mean


def _flagged(differences: list[float], higher_is_better: bool) -> tuple[bool, str]:
    """Whether the cell is not shown better, and how its interval reads."""
    if len(differences) < 2:
        better = differences[0] > 0 if higher_is_better else differences[0] < 0
        return not better, "one run: no interval"
    low, high = RepeatEvidence(tuple(differences)).interval(1.0 - ALPHA)
    verdict = verdict_of(low, high, higher_is_better=higher_is_better)
    return verdict is not Verdict.BETTER, f"{low:+.3g} to {high:+.3g}"


def _warning(runs: list[dict], values: list[float], interval: str) -> str:
    first = runs[0]
    metric, unit = first["metric"], unit_of(first["metric"])
    mine = Summary.of(shown_value(metric, r["value"]) for r in runs)
    theirs = Summary.of(values)
    assert mine is not None and theirs is not None
    who = run_label(first) if len(runs) == 1 else f"{len(runs)} runs"
    return (
        f"{dataset_title(first['dataset'])} {variant_title(first['variant'])} z={first['z']} "
        f"({who}), {first['predictor']}: {number_text(metric, mine.mean)} {unit} is no better "
        f"than the trivial predictor ({number_text(metric, theirs.mean)} {unit}; 95 % interval "
        f"of the difference over runs, in stored units: {interval}); {ADVICE}"
    )


def trivial_warnings(
    records: list[dict], references: list[dict], already_compared: set[int]
) -> list[str]:
    """One warning per (dataset, variant, z, predictor) not shown better than the trivial
    predictor, in the records' order."""
    trivial = [r for r in references if r["kind"] == "trivial"]
    cells: dict[tuple, list[dict]] = defaultdict(list)
    for record in records:
        if record["cell_id"] not in already_compared:
            key = (record["dataset"], record["variant"], record["z"], record["predictor"])
            cells[key].append(record)
    warnings = []
    for runs in cells.values():
        metric = runs[0]["metric"]
        info = find_metric(metric)
        pool = [r for r in trivial if r["metric"] == metric]
        pairs = [(r, _trivial_value(r, pool)) for r in runs]
        usable = [(r, value) for r, value in pairs if value is not None]
        if info is None or not usable:
            continue
        flagged, interval = _flagged(
            [r["value"] - value for r, value in usable], info.higher_is_better
        )
        if flagged:
            baseline = [shown_value(metric, value) for _, value in usable]
            warnings.append(_warning([r for r, _ in usable], baseline, interval))
    return warnings
