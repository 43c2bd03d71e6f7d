"""Training curves: training and validation loss per epoch of each autoencoder of one dataset,
latent size and setting, the best epoch (the weights kept) marked.

Pixel-wise and perceptual variants minimise different losses (pixel MSE vs. distances between
loss-network features), so each kind gets its own axes instead of one misleading scale.
"""

from __future__ import annotations

from percae_core.figures.backend import pyplot
from percae_core.figures.drawn import Drawn
from percae_core.figures.labels import (
    Setting,
    figure_badge,
    figure_caption,
    label_figure,
    variant_colour,
    variant_names,
)
from percae_core.models.variants import VARIANTS
from percae_core.results.table_data import dataset_title, run_label, variant_title


def _is_perceptual(name: str) -> bool:
    variant = VARIANTS.get(name)
    return bool(variant and variant.perceptual)


def draw_curves(
    autoencoders: list[dict],
    epochs: dict[int, list[dict]],
    dataset: str,
    z: int,
    setting: Setting,
) -> Drawn | None:
    """``autoencoders``: this dataset's, z's and setting's fits; ``epochs``: rows per cell id.
    None when no fit has recorded epochs."""
    fits = [r for r in autoencoders if epochs.get(r["cell_id"])]
    if not fits:
        return None
    plt = pyplot()
    kinds = [
        ("pixel-wise", [r for r in fits if not _is_perceptual(r["variant"])]),
        ("perceptual", [r for r in fits if _is_perceptual(r["variant"])]),
    ]
    kinds = [(kind, records) for kind, records in kinds if records]
    width = 6.2 * len(kinds)
    figure, axes = plt.subplots(
        1, len(kinds), figsize=(width, 5.0), dpi=100, squeeze=False, layout="constrained"
    )
    for axis, (kind, records) in zip(axes[0], kinds):
        order = variant_names(r["variant"] for r in records)
        for record in sorted(records, key=lambda r: (order.index(r["variant"]), r["cell_id"])):
            rows = epochs[record["cell_id"]]
            colour = variant_colour(record["variant"])
            label = f"{variant_title(record['variant'])} ({run_label(record)})"
            xs = [row["epoch"] for row in rows]
            axis.plot(
                xs,
                [row["train_loss"] for row in rows],
                "-o",
                ms=3,
                color=colour,
                label=f"{label} train",
            )
            axis.plot(
                xs,
                [row["val_loss"] for row in rows],
                "--s",
                ms=3,
                color=colour,
                alpha=0.8,
                label=f"{label} validation",
            )
            best = record.get("best_epoch")
            best_row = next((row for row in rows if row["epoch"] == best), None)
            if best_row is not None and best_row["val_loss"] is not None:
                axis.plot(
                    [best],
                    [best_row["val_loss"]],
                    marker="*",
                    ms=15,
                    color=colour,
                    markeredgecolor="black",
                    linestyle="none",
                )
        net = next((r.get("loss_net") for r in records if r.get("loss_net")), None)
        what = f"{net} feature distance" if kind == "perceptual" else "pixel MSE"
        axis.set_title(f"{kind.capitalize()} variants: {what}", fontsize=10)
        axis.set_xlabel("epoch")
        axis.set_ylabel(f"loss ({what}; + γ·KLD for VAEs)")
        axis.grid(alpha=0.3)
        axis.xaxis.get_major_locator().set_params(integer=True)
        last = max(row["epoch"] for r in records for row in epochs[r["cell_id"]])
        axis.set_xlim(0.5, last + 0.5)
        axis.legend(fontsize=7, loc="upper right")
    title = setting.titled(
        f"Training curves: {dataset_title(dataset)}, z={z} (★ = best epoch, the weights kept)"
    )
    caption = figure_caption(fits, setting)
    label_figure(figure, title, figure_badge(fits), caption, width)
    name = f"curves_{dataset}_z{z}_{setting.slug}"
    return Drawn("curves", name, title, dataset, setting, figure, footnote=caption)
