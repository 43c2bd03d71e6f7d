"""How much the perceptual loss adds to autoencoder training time (the paper: +12 ± 3%, GPU).

Fits are paired by dataset, latent size, plain/variational and device: for each pair the mean
seconds per epoch of the perceptual fits over that of the pixel-wise fits, minus one. A dataset's
overhead is the mean ± std of its pairs' ratios.
"""

from __future__ import annotations

import statistics
from collections import defaultdict

from percae_core.results.overhead_verdict import verdict
from percae_core.results.paper import PAPER_OVERHEAD_PCT
from percae_core.results.record_order import VARIANT_ORDER
from percae_core.results.summary import Summary
from percae_core.results.table_data import (
    PERCEPTUAL_VARIANTS,
    VARIATIONAL_VARIANTS,
    Table,
    caption_for,
    dataset_title,
)


def _percent_text(summary: Summary) -> str:
    text = f"{summary.mean:+.1f}%"
    return text + (f" ± {summary.std:.1f}%" if summary.std is not None else "")


def overhead_table(autoencoders: list[dict]) -> Table | None:
    """The overhead per dataset (and over all datasets), or None when no pair exists."""
    pairs: dict[tuple, dict[bool, list[float]]] = defaultdict(lambda: {True: [], False: []})
    for record in autoencoders:
        seconds = record.get("seconds_per_epoch")
        if seconds is None or record["variant"] not in VARIANT_ORDER:
            continue
        key = (
            record["dataset"],
            record["z"],
            record["variant"] in VARIATIONAL_VARIANTS,
            record.get("device"),
        )
        pairs[key][record["variant"] in PERCEPTUAL_VARIANTS].append(float(seconds))
    complete = {key: times for key, times in pairs.items() if times[True] and times[False]}
    if not complete:
        return None

    by_dataset: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for (dataset, *_), times in complete.items():
        by_dataset[dataset].append((statistics.fmean(times[False]), statistics.fmean(times[True])))
    groups = list(by_dataset.items())
    if len(groups) > 1:
        groups.append(("All", [pair for pairs_ in by_dataset.values() for pair in pairs_]))
    paper_mean, paper_std = PAPER_OVERHEAD_PCT
    rows, numbers = [], []
    for name, measured in groups:
        ratios = Summary.of(100.0 * (perceptual / pixel - 1.0) for pixel, perceptual in measured)
        if ratios is None:  # only when every ratio is NaN: no overhead to show for this group
            continue
        pixel_mean = statistics.fmean(p for p, _ in measured)
        perceptual_mean = statistics.fmean(q for _, q in measured)
        rows.append(
            (
                name if name == "All" else dataset_title(name),
                f"{pixel_mean:.2f}",
                f"{perceptual_mean:.2f}",
                _percent_text(ratios),
                str(len(measured)),
                f"+{paper_mean:.0f} ± {paper_std:.0f}% (GPU)",
            )
        )
        numbers.append(
            (
                Summary(pixel_mean, None, len(measured)),
                Summary(perceptual_mean, None, len(measured)),
                ratios,
                None,
                None,
            )
        )
    used = [
        r
        for r in autoencoders
        if (r["dataset"], r["z"], r["variant"] in VARIATIONAL_VARIANTS, r.get("device")) in complete
    ]
    return Table(
        key="overhead",
        title="Training-time overhead of the perceptual loss (mean seconds per epoch)",
        caption=caption_for(used),
        columns=(
            "Dataset",
            "Pixel-wise s/epoch",
            "Perceptual s/epoch",
            "Overhead",
            "Pairs",
            "Paper",
        ),
        rows=tuple(rows),
        numbers=tuple(numbers),
        notes=(
            "Pairs: fits of the same dataset, z, plain/variational and device; overhead = "
            "perceptual / pixel-wise seconds per epoch - 1, mean ± std over pairs.",
            verdict(numbers[-1][2] if numbers else None),
        ),
    )
