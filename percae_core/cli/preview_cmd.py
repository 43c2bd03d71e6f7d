"""`percae preview`: a test image and its reconstructions by AE, VAE, P. AE and P. VAE, before
and after decoder retraining (the paper's Fig. 6), drawn in the terminal."""

from __future__ import annotations

import typer

from percae_core.cli.console import colour_allowed, out, working
from percae_core.cli.context import STATE
from percae_core.cli.options import dataset_filter
from percae_core.errors import PercaeError
from percae_core.image_numbers import image_label
from percae_core.results.db import ResultsDB


def preview(
    dataset: str | None = typer.Option(
        None, "--dataset", "-d", help="Dataset to show (default: the last one with finished cells)."
    ),
    z: int | None = typer.Option(
        None, "--z", help="Latent size (default: the largest finished for that dataset)."
    ),
    index: int = typer.Option(
        0,
        "--index",
        "-i",
        help="Which test image, from 0 (--index 0 is test image 1; wraps around).",
    ),
    ascii_mode: bool = typer.Option(
        False, "--ascii", help="Characters instead of colour (automatic with NO_COLOR)."
    ),
) -> None:
    """Show a test image beside each variant's reconstructions, before and after retraining."""
    from percae_core.cli.preview_render import figure_grid
    from percae_core.preview import figure_width
    from percae_core.reconstructions import preview_choices, preview_set

    chosen = dataset_filter([dataset] if dataset is not None else None)
    home = STATE.home
    if not home.database.exists():
        raise PercaeError(
            f"No results yet in {home.root}.",
            hint="Run `percae bench --profile smoke --dataset lunarlander` first.",
        )
    with ResultsDB.open(home.database) as db:
        choices = preview_choices(db)
    if chosen is not None:
        choices = [c for c in choices if c[0] == chosen[0]]
    if z is not None:
        choices = [c for c in choices if c[1] == z]
    if not choices:
        wanted = " ".join(filter(None, [dataset, f"z={z}" if z is not None else None]))
        raise PercaeError(
            f"No finished autoencoder{' for ' + wanted if wanted else ''} in {home.root}.",
            hint="Run `percae bench` for it first; `percae results` lists what has finished.",
        )
    chosen_dataset, chosen_z = choices[-1]
    with working(
        f"Reconstructing a {chosen_dataset} test image with each variant (z={chosen_z})..."
    ):
        figure = preview_set(home, chosen_dataset, chosen_z, index)
    use_ascii = ascii_mode or not colour_allowed()
    out.print(
        f"{figure.dataset} z={figure.z}: {image_label(figure.index, figure.count)} "
        f"(--index {figure.index})"
        + (f" (not run: {', '.join(figure.missing)})" if figure.missing else "")
    )
    out.print(figure_grid(figure, figure_width(figure, out.width), use_ascii))


def register(app: typer.Typer) -> None:
    app.command("preview")(preview)
