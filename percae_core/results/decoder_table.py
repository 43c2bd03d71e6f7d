"""Table VIII: decoders retrained pixel-wise on the frozen encoders. Per dataset and variant the
lowest mean test L1 over z (selected on the test part, as the paper's table is), shown relative
to the lowest of all variants, with its mean and 95 % Student's t interval over runs.

The lowest is bold only when it is told apart from the next lowest: their runs are paired by
(seed, repeat) (the same data, split and seeds), and the paired t interval of runner-up minus
best, at 95 %, lies wholly above 0. With one run, or an interval that holds 0, nothing is bold
and a note says why, so the table never shows a winner the noise could have made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from percae_core.data.catalog import dataset_rank
from percae_core.results.paper import PaperTables
from percae_core.results.record_order import VARIANT_ORDER
from percae_core.results.summary import RUNS_INTERVAL, Summary, interval_text
from percae_core.results.table_data import Table, caption_for, dataset_title, variant_title
from percae_core.stats.evidence import T_METHOD, RepeatEvidence
from percae_core.stats.holm import ALPHA

TITLE = (
    "Table VIII: decoders retrained pixel-wise on the frozen encoders: each variant's lowest L1 "
    "reconstruction error (over z) relative to the lowest of all variants (100% = best; "
    "best/own x 100)"
)


@dataclass(frozen=True)
class _Chosen:
    """One variant's decoder results at the z of its lowest mean L1."""

    z: int
    summary: Summary
    by_run: dict[tuple, float]


def _columns(records: Iterable[dict]) -> list[str]:
    present = {r["variant"] for r in records}
    return list(VARIANT_ORDER) + sorted(present - set(VARIANT_ORDER))


def _chosen(records: list[dict]) -> _Chosen | None:
    """The z with the lowest mean L1 (ties: the smaller z), and its runs by (seed, repeat)."""
    options = []
    for z in sorted({r["z"] for r in records}):
        at_z = [r for r in records if r["z"] == z]
        summary = Summary.of(r["value"] for r in at_z)
        if summary is not None:
            runs = {(r.get("seed"), r.get("repeat")): float(r["value"]) for r in at_z}
            options.append(_Chosen(z, summary, runs))
    return min(options, key=lambda c: (c.summary.mean, c.z), default=None)


def _separation(best: _Chosen, runner_up: _Chosen) -> tuple[bool, str]:
    """Whether ``best`` is told apart from ``runner_up`` (paired t, 95 %), and why in words."""
    shared = sorted(set(best.by_run) & set(runner_up.by_run), key=str)
    if len(shared) < 2:
        return False, f"{len(shared)} paired run{'s' if len(shared) != 1 else ''}: no interval"
    differences = tuple(runner_up.by_run[k] - best.by_run[k] for k in shared)
    low, high = RepeatEvidence(differences).interval(1.0 - ALPHA)
    words = f"{T_METHOD}, n = {len(shared)}: [{low:+.3g}, {high:+.3g}]"
    return low > 0.0, words


def _row(
    dataset: str,
    chosen: dict[str, _Chosen],
    variants: list[str],
    paper: PaperTables,
    compare_paper: bool,
) -> tuple[list[str], list[Summary | None]]:
    """The row's cells (percent of the lowest, then L1 with its interval) and their numbers."""
    lowest = min(c.summary.mean for c in chosen.values())
    cells: list[str] = []
    numbers: list[Summary | None] = []
    for variant in variants:
        if variant not in chosen:
            cells.append("–")
            numbers.append(None)
            continue
        c = chosen[variant]
        pct = 100.0 * lowest / c.summary.mean if c.summary.mean > 0 else 100.0
        notes = [f"z={c.z}"]
        reported = paper.value(dataset, "decoder", "best", variant) if compare_paper else None
        if reported is not None:
            notes.append(f"paper {reported:.0f}%")
        cells.append(f"{pct:.0f}% (L1 {interval_text('recon_l1', c.summary, notes)})")
        numbers.append(Summary(pct, None, c.summary.n))
    return cells, numbers


def _best(chosen: dict[str, _Chosen], variants: list[str]) -> tuple[int | None, str]:
    """The best's column (label first) when it is told apart from the runner-up, and a note."""
    ranked = sorted(chosen, key=lambda v: (chosen[v].summary.mean, variants.index(v)))
    if len(ranked) < 2:
        return None, ""
    best, runner_up = ranked[0], ranked[1]
    separated, words = _separation(chosen[best], chosen[runner_up])
    if separated:
        return variants.index(best) + 1, ""
    return None, (
        f"{variant_title(best)} has the lowest L1 but is not told apart from "
        f"{variant_title(runner_up)} (runner-up minus best, {words})"
    )


def decoder_table(records: list[dict], paper: PaperTables, compare_paper: bool) -> Table:
    variants = _columns(records)
    rows: list[tuple[str, ...]] = []
    numbers: list[tuple[Summary | None, ...]] = []
    best: list[int | None] = []
    unmarked: list[str] = []
    for dataset in sorted({r["dataset"] for r in records}, key=lambda d: (dataset_rank(d), d)):
        mine = [r for r in records if r["dataset"] == dataset]
        chosen = {v: c for v in variants if (c := _chosen([r for r in mine if r["variant"] == v]))}
        cells, row_numbers = _row(dataset, chosen, variants, paper, compare_paper)
        index, why = _best(chosen, variants)
        rows.append((dataset_title(dataset), *cells))
        numbers.append(tuple(row_numbers))
        best.append(index)
        if why:
            unmarked.append(f"{dataset_title(dataset)}: {why}")
    notes = [
        f"L1: {RUNS_INTERVAL}, at the z of the variant's lowest mean L1 (chosen on the test part, "
        "as the paper's Table VIII). The lowest is bold only when the paired t interval (95 %) "
        "of the runner-up minus it lies above 0.",
        *(f"No bold in {line}." for line in unmarked),
        "Pixel-wise reconstruction quality does not have to track embedding usefulness "
        "(compare Tables II-VII).",
    ]
    return Table(
        key="VIII",
        title=TITLE,
        caption=caption_for(records),
        columns=("Dataset", *(variant_title(v) for v in variants)),
        rows=tuple(rows),
        numbers=tuple(numbers),
        best=tuple(best),
        notes=tuple(notes),
    )
