"""The perceptual loss's training-time overhead per dataset as bars: the mean over paired fits
with its 95 % t interval (`percae_core.results.overhead_pairs`; one pair: no error bar), beside
the paper's +12 ± 3 % (measured on a GPU). The footnote carries the table's one sentence on
whether the numbers are noise (`results/overhead_verdict.py`)."""

from __future__ import annotations

from percae_core.figures.backend import pyplot
from percae_core.figures.drawn import Drawn
from percae_core.figures.labels import Setting, figure_badge, figure_caption, label_figure
from percae_core.results.overhead import overhead_table
from percae_core.results.overhead_pairs import OVERALL, OverheadEstimate, overhead_estimates
from percae_core.results.overhead_verdict import overhead_verdict
from percae_core.results.paper import PAPER_OVERHEAD_PCT
from percae_core.results.table_data import dataset_title


def _error_bars(estimates: list[OverheadEstimate]) -> list[list[float]]:
    """Below and above each mean, to its interval's ends (0 where one pair gives none)."""
    below = [e.mean_pct - e.ci_low_pct if e.ci_low_pct is not None else 0.0 for e in estimates]
    above = [e.ci_high_pct - e.mean_pct if e.ci_high_pct is not None else 0.0 for e in estimates]
    return [below, above]


def draw_overhead(autoencoders: list[dict], setting: Setting) -> Drawn | None:
    """None when no perceptual fit has a pixel-wise partner to compare with."""
    estimates = overhead_estimates(autoencoders, overall=True)
    if not estimates:
        return None
    plt = pyplot()
    labels = [e.dataset if e.dataset == OVERALL else dataset_title(e.dataset) for e in estimates]
    width = max(6.0, 1.6 * len(labels) + 3)
    figure, axis = plt.subplots(figsize=(width, 4.8), dpi=100, layout="constrained")
    positions = range(len(labels))
    axis.bar(
        positions,
        [e.mean_pct for e in estimates],
        0.5,
        yerr=_error_bars(estimates),
        capsize=6,
        color="#6a8fbf",
        label="measured (95 % t interval over pairs)",
        zorder=2,
    )
    axis.set_xlim(-0.75, len(labels) - 0.25)
    paper_mean, paper_std = PAPER_OVERHEAD_PCT
    axis.axhspan(
        paper_mean - paper_std,
        paper_mean + paper_std,
        color="#e5a54b",
        alpha=0.35,
        zorder=0,
        label=f"paper: +{paper_mean:.0f} ± {paper_std:.0f} % (GPU)",
    )
    axis.axhline(paper_mean, color="#c07a10", linewidth=1.5, zorder=3)
    axis.axhline(0, color="black", linewidth=0.8)
    # the number of pairs under each name: a label on the bar would collide with its error bar
    axis.set_xticks(
        list(positions),
        [f"{label}\n({e.n} pair{'s' if e.n != 1 else ''})" for label, e in zip(labels, estimates)],
    )
    axis.set_ylabel("perceptual / pixel-wise seconds per epoch − 1 (%)")
    axis.grid(axis="y", alpha=0.3)
    axis.legend(fontsize=8, loc="upper right")
    used = [r for r in autoencoders if r.get("seconds_per_epoch") is not None]
    sentence = overhead_verdict(overhead_table(autoencoders))
    footnote = f"{sentence} {figure_caption(used, setting)}"
    title = setting.titled("Training-time overhead of the perceptual loss (paired fits)")
    label_figure(figure, title, figure_badge(used), footnote, width)
    return Drawn(
        "overhead", f"overhead_{setting.slug}", title, None, setting, figure, footnote=footnote
    )
