"""How much the perceptual loss adds to autoencoder training time (the paper: +12 ± 3%, GPU).

From paired fits (`overhead_pairs.py`): a perceptual fit and its pixel-wise twin of the same
dataset, z, seed and repeat, timed in CPU seconds where both recorded them. Per dataset (and
over all datasets) the mean overhead with its 95 % t interval over pairs, and one sentence
(`OverheadEstimate.sentence`) that says when the interval holds 0, i.e. when the timings are
noise: the same sentence in the table's notes, the exports, the report, the Live screen
(`overhead_verdict`) and the overhead figure.
"""

from __future__ import annotations

from percae_core.results.overhead_pairs import OVERALL, OverheadEstimate, overhead_estimates
from percae_core.results.paper import PAPER_OVERHEAD_PCT
from percae_core.results.summary import Summary
from percae_core.results.table_data import Table, caption_for, dataset_title

PAIRS_NOTE = (
    "Pairs: a perceptual fit and its pixel-wise twin of the same dataset, z, seed and repeat; "
    "overhead = perceptual / pixel-wise seconds per epoch - 1 (CPU seconds where both fits "
    "recorded them), mean and 95 % Student's t interval over pairs."
)


def overhead_text(estimate: OverheadEstimate) -> str:
    """ "+22.5% [+18.1%, +26.9%]", or "+22.5% (no interval)" from one pair."""
    if estimate.ci_low_pct is None or estimate.ci_high_pct is None:
        return f"{estimate.mean_pct:+.1f}% (no interval)"
    return f"{estimate.mean_pct:+.1f}% [{estimate.ci_low_pct:+.1f}%, {estimate.ci_high_pct:+.1f}%]"


def _row(estimate: OverheadEstimate) -> tuple[str, ...]:
    paper_mean, paper_std = PAPER_OVERHEAD_PCT
    return (
        estimate.dataset if estimate.dataset == OVERALL else dataset_title(estimate.dataset),
        f"{estimate.pixel_per_epoch or 0.0:.2f}",
        f"{estimate.perceptual_per_epoch or 0.0:.2f}",
        overhead_text(estimate),
        str(estimate.n),
        f"+{paper_mean:.0f} ± {paper_std:.0f}% (GPU)",
    )


def _numbers(estimate: OverheadEstimate) -> tuple[Summary | None, ...]:
    return (
        Summary(estimate.pixel_per_epoch or 0.0, None, estimate.n),
        Summary(estimate.perceptual_per_epoch or 0.0, None, estimate.n),
        Summary(estimate.mean_pct, None, estimate.n),
        None,
        None,
    )


def overhead_table(autoencoders: list[dict]) -> Table | None:
    """The overhead per dataset (and over all datasets), or None when no pair exists."""
    estimates = overhead_estimates(autoencoders, overall=True)
    if not estimates:
        return None
    shown = {e.dataset for e in estimates}
    used = [r for r in autoencoders if r["dataset"] in shown]
    return Table(
        key="overhead",
        title="Training-time overhead of the perceptual loss (seconds per epoch of paired fits)",
        caption=caption_for(used),
        columns=(
            "Dataset",
            "Pixel-wise s/epoch",
            "Perceptual s/epoch",
            "Overhead [95 % interval]",
            "Pairs",
            "Paper",
        ),
        rows=tuple(_row(e) for e in estimates),
        numbers=tuple(_numbers(e) for e in estimates),
        notes=(PAIRS_NOTE, estimates[-1].sentence),
    )
