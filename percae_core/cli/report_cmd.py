"""`percae report`: one self-contained HTML file of the study (tables beside the paper's values,
figures embedded, warnings, diagnostics, runs with their settings and library versions).

Exit codes (DESIGN.md): 0 written with every figure; 3 written, but some figures were skipped
(listed in the report and on stderr); 1 nothing written (no results yet).
"""

from __future__ import annotations

from pathlib import Path

import typer

from percae_core.cli.console import show_info, show_warning, working
from percae_core.cli.context import STATE
from percae_core.cli.options import (
    dataset_filter,
    fig6_images_option,
    fig6_seed_option,
    force_option,
    setting_option,
)

SKIPPED_EXIT_CODE = 3


def report(
    out_file: Path = typer.Option(
        Path("report.html"),
        "--out",
        "-o",
        help="The HTML file to write (never one of the home's own files; a read-only file "
        "only with --force; a FIFO is written as a stream).",
        dir_okay=False,
        metavar="FILE.html",
    ),
    dataset: list[str] | None = typer.Option(
        None, "--dataset", "-d", help="Only this dataset (repeat for several).", metavar="NAME"
    ),
    setting: list[str] | None = setting_option(),
    images: int = fig6_images_option(),
    seed: int = fig6_seed_option(),
    force: bool = force_option(),
) -> None:
    """Write the study as one HTML file that opens offline and prints."""
    from percae_core.figures.make import FigureRequest
    from percae_core.report.write import write_report
    from percae_core.results.export_target import output_file

    output_file(out_file, STATE.home, force=force, what="the report")  # refused before "Writing"
    request = FigureRequest(
        datasets=dataset_filter(dataset),
        settings=setting or None,
        images=images,
        seed=seed,
    )
    with working(f"Writing the report to {out_file} (tables, then each figure)..."):
        path, result = write_report(STATE.home, out_file, request, force=force)
    for item in result.skipped:
        show_warning(f"Skipped {item.text}")
    show_info(f"Wrote the report ({result.figures} figures) to {path}")
    if result.skipped:
        raise typer.Exit(SKIPPED_EXIT_CODE)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
