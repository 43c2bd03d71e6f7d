"""`percae figures`: the study's figures (Fig. 6, training curves, Tables II-VII as bar charts,
the time overhead, active dimensions; per loss-network ranking a heatmap and the score against
ImageNet top-1) as PNG, SVG or PDF files.

Exit codes (DESIGN.md): 0 every figure made; 3 some made, the others skipped (each said why and
which command makes what it lacks); 1 none could be made.
"""

from __future__ import annotations

from pathlib import Path

import typer

from percae_core.cli.console import out, show_info, show_warning, working
from percae_core.cli.context import STATE
from percae_core.cli.options import (
    dataset_filter,
    fig6_images_option,
    fig6_seed_option,
    force_option,
    setting_option,
)
from percae_core.errors import PercaeError, UsageError
from percae_core.figures.drawn import KINDS

FORMATS = ("png", "svg", "pdf")
SKIPPED_EXIT_CODE = 3


def figures(
    dataset: list[str] | None = typer.Option(
        None, "--dataset", "-d", help="Only this dataset (repeat for several).", metavar="NAME"
    ),
    out_dir: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        help="Folder for the figures (default: HOME/figures; never the home's datasets/ or runs/).",
        file_okay=False,
        metavar="DIR",
    ),
    format: str = typer.Option("png", "--format", "-f", help="png, svg or pdf.", metavar="FMT"),
    setting: list[str] | None = setting_option(),
    images: int = fig6_images_option(),
    seed: int = fig6_seed_option(),
    index: list[int] | None = typer.Option(
        None,
        "--index",
        "-i",
        help="This test image in Fig. 6 instead, from 0 as in `percae preview` (--index 0 is test image 1; repeatable; the file name gets the images' numbers).",
    ),
    kind: list[str] | None = typer.Option(
        None,
        "--kind",
        "-k",
        help=f"Only this kind of figure (repeatable): {', '.join(KINDS)}.",
        metavar="KIND",
    ),
    force: bool = force_option(),
) -> None:
    """Write the study's figures, one file per dataset, setting and kind."""
    chosen_format = format.strip().lower()
    if chosen_format not in FORMATS:
        raise UsageError(f"Unknown format {format!r}.", hint=f"Choose from: {', '.join(FORMATS)}.")
    kinds = [name.strip().lower() for name in kind or []] or list(KINDS)
    unknown = [name for name in kinds if name not in KINDS]
    if unknown:
        raise UsageError(
            f"Unknown figure kind {', '.join(unknown)}.", hint=f"Choose from: {', '.join(KINDS)}."
        )
    from percae_core.figures.backend import pyplot
    from percae_core.figures.make import FigureRequest, write_figures

    pyplot()  # a clear message before any work when matplotlib is missing
    home = STATE.home
    folder = (out_dir or home.root / "figures").expanduser()
    request = FigureRequest(
        datasets=dataset_filter(dataset),
        settings=setting or None,
        images=images,
        seed=seed,
        indices=index or None,
        kinds=kinds,
    )
    with working(f"Drawing the figures into {folder}..."):
        written, skipped = write_figures(home, request, folder, chosen_format, force=force)
    for item in skipped:
        show_warning(f"Skipped {item.text}")
    for path in written:
        out.print(str(path), soft_wrap=True)
    if not written:
        raise PercaeError(
            f"No figure could be made from {home.database}.",
            hint="The warnings above say what each one lacks and which command makes it.",
        )
    show_info(f"Wrote {len(written)} figure{'s' if len(written) != 1 else ''} to {folder}.")
    if skipped:
        show_info(f"Skipped {len(skipped)} (see the warnings above).")
        raise typer.Exit(SKIPPED_EXIT_CODE)


def register(app: typer.Typer) -> None:
    app.command("figures")(figures)
