"""Diagnostics as a chart: active latent dimensions (variance of mu over the test part above
0.01) per variant and latent size, mean ± std over runs; a collapsed VAE shows as a low bar."""

from __future__ import annotations

import statistics
from collections import defaultdict

from percae_core.figures.backend import pyplot
from percae_core.figures.bars import slot_width, slot_x, variant_bars
from percae_core.figures.drawn import Drawn
from percae_core.figures.labels import (
    Setting,
    figure_badge,
    figure_caption,
    label_figure,
    variant_names,
)
from percae_core.results.table_data import dataset_title


def _active(record: dict) -> float | None:
    value = (record.get("diagnostics") or {}).get("active_dims")
    return None if value is None else float(value)


def draw_active_dims(autoencoders: list[dict], dataset: str, setting: Setting) -> Drawn | None:
    """None when no autoencoder of this dataset and setting has diagnostics."""
    measured = [(r, active) for r in autoencoders if (active := _active(r)) is not None]
    if not measured:
        return None
    plt = pyplot()
    values: dict[tuple[int, str], list[float]] = defaultdict(list)
    for record, active in measured:
        values[(record["z"], record["variant"])].append(active)
    sizes = sorted({z for z, _ in values})
    variants = variant_names(v for _, v in values)
    width = slot_width(len(variants))
    fig_width = max(6.0, 2.2 * len(sizes) + 3)
    figure, axis = plt.subplots(figsize=(fig_width, 4.8), dpi=100, layout="constrained")
    for slot, variant in enumerate(variants):
        xs, means, spread = [], [], []
        for place, z in enumerate(sizes):
            runs = values.get((z, variant))
            if not runs:
                continue
            xs.append(slot_x(place, slot, width))
            means.append(statistics.fmean(runs))
            spread.append(statistics.stdev(runs) if len(runs) > 1 else 0.0)
        bars = variant_bars(axis, variant, xs, means, spread, width)
        axis.bar_label(bars, fmt="%.3g", fontsize=8, padding=2)
    for place, z in enumerate(sizes):
        axis.hlines(z, place - 0.45, place + 0.45, colors="black", linestyles="dotted")
    axis.set_xticks(range(len(sizes)), [f"z={z}" for z in sizes])
    axis.set_ylabel("active latent dimensions (dotted: z)")
    axis.set_ylim(0, max(sizes) * 1.22)
    axis.grid(axis="y", alpha=0.3)
    axis.legend(fontsize=8, ncols=len(variants), loc="upper left")
    title = setting.titled(
        f"Active latent dimensions: {dataset_title(dataset)} (test part, var(mu) > 0.01)"
    )
    caption = figure_caption([record for record, _ in measured], setting)
    label_figure(
        figure, title, figure_badge([record for record, _ in measured]), caption, fig_width
    )
    name = f"active-dims_{dataset}_{setting.slug}"
    return Drawn("active-dims", name, title, dataset, setting, figure, footnote=caption)
