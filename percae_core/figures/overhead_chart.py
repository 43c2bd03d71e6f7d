"""The perceptual loss's training-time overhead per dataset as bars (mean ± std over paired
fits, `percae_core.results.overhead`), beside the paper's +12 ± 3 % (measured on a GPU)."""

from __future__ import annotations

from percae_core.figures.backend import pyplot
from percae_core.figures.drawn import Drawn
from percae_core.figures.labels import Setting, figure_caption, title_block
from percae_core.results.overhead import overhead_table
from percae_core.results.paper import PAPER_OVERHEAD_PCT

_RATIO_COLUMN = 2


def draw_overhead(autoencoders: list[dict], setting: Setting) -> Drawn | None:
    """None when no perceptual fit has a pixel-wise partner to compare with."""
    table = overhead_table(autoencoders)
    if table is None:
        return None
    plt = pyplot()
    measured = [
        (row[0], numbers[_RATIO_COLUMN])
        for row, numbers in zip(table.rows, table.numbers)
        if numbers[_RATIO_COLUMN] is not None
    ]
    labels = [label for label, _ in measured]
    ratios = [ratio for _, ratio in measured if ratio is not None]
    means = [r.mean for r in ratios]
    spread = [r.std or 0.0 for r in ratios]
    width = max(6.0, 1.6 * len(labels) + 3)
    figure, axis = plt.subplots(figsize=(width, 4.8), dpi=100, layout="constrained")
    positions = range(len(labels))
    axis.bar(
        positions, means, 0.5, yerr=spread, capsize=6, color="#6a8fbf", label="measured", zorder=2
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
        [
            f"{label}\n({ratio.n} pair{'s' if ratio.n != 1 else ''})"
            for label, ratio in zip(labels, ratios)
        ],
    )
    axis.set_ylabel("perceptual / pixel-wise seconds per epoch − 1 (%)")
    axis.grid(axis="y", alpha=0.3)
    axis.legend(fontsize=8, loc="upper right")
    used = [r for r in autoencoders if r.get("seconds_per_epoch") is not None]
    caption = figure_caption(used, setting)
    title = setting.titled(
        "Training-time overhead of the perceptual loss (mean ± std over paired fits)"
    )
    # the noise caveat (the table's last note) in the figure itself, not only beside it
    figure.suptitle(title_block(title, f"{caption} {table.notes[-1]}", width), fontsize=9)
    return Drawn(
        "overhead",
        f"overhead_{setting.slug}",
        title,
        None,
        setting,
        figure,
        notes=(caption, *table.notes),
    )
