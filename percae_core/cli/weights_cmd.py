"""`percae weights ...`: which pretrained loss-network weights are cached, and importing them offline."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from percae_core.cli.console import out
from percae_core.cli.progress import RichProgress
from percae_core.quantities import byte_size

app = typer.Typer(
    help="List and import the pretrained weights of the loss networks (torchvision's and LPIPS's "
    "files).",
    no_args_is_help=True,
)


def _networks_using(model: str) -> str:
    from percae_core.models.loss_network_registry import LOSS_NETWORKS

    return ", ".join(s.name for s in LOSS_NETWORKS.values() if model in s.weight_files)


@app.command("status")
def status(
    verify: bool = typer.Option(
        False, "--verify", help="Also check each cached file's SHA-256 (reads every file)."
    ),
) -> None:
    """Show every pretrained weights file percae knows: cached or not, where, how big."""
    from percae_core.downloads.offline import OFFLINE_ENV, offline_requested
    from percae_core.models.weights import cache_dir, weights_status

    with RichProgress(transient=True) as progress:
        rows = weights_status(verify=verify, on_event=progress)
    folder = cache_dir()
    elsewhere = [row for row in rows if row.path.parent != folder]  # listed under the table
    table = Table(title=f"Pretrained weights (folder: {folder})", title_justify="left")
    table.add_column("File", no_wrap=True)
    table.add_column("Model", no_wrap=True)
    table.add_column("Present", no_wrap=True)
    table.add_column("Size", justify="right", no_wrap=True)
    for row in rows:
        if not row.present:
            present = "[red]missing[/]"
        elif row.hash_ok is None:
            present = "[green]yes[/]"
        elif row.hash_ok:
            present = "[green]yes, hash ok[/]"
        else:
            present = "[bold red]yes, HASH MISMATCH[/]"
        if row.size_bytes is not None:
            size = byte_size(row.size_bytes)
        elif row.file.expected_mb:
            size = f"[dim]({byte_size(row.file.expected_mb * 1e6)})[/]"
        else:
            size = "-"
        table.add_row(row.file.file_name, row.file.model, present, size)
    out.print(table)
    for row in elsewhere:
        out.print(f"{row.file.file_name} is read from {row.path}.", soft_wrap=True)
    out.print(
        "Size in brackets: the download size of a missing file. Loss networks per model: "
        + "; ".join(f"{row.file.model}: {_networks_using(row.file.model)}" for row in rows)
        + "."
    )
    missing = [row.file for row in rows if not row.present]
    if missing:
        out.print(
            "To add a missing file without internet: download it on a connected machine, copy it "
            "here and run `percae weights import FILE` (it is checked against its SHA-256)."
        )
        for file in missing:
            out.print(f"  {file.file_name}: {file.url}", soft_wrap=True)
    if any(row.hash_ok is False for row in rows):
        out.print(
            "A file whose hash does not match is damaged: delete it, then download or import it again."
        )
    if offline_requested():
        out.print(f"{OFFLINE_ENV}=1 is set: missing files are not downloaded.")


@app.command("import")
def import_(
    file: Path = typer.Argument(
        ...,
        metavar="FILE",
        help="A downloaded weights file, e.g. alexnet-owt-7be5be79.pth.",
        show_default=False,
    ),
) -> None:
    """Check a downloaded weights file's SHA-256 and put it where torchvision looks for it."""
    from percae_core.models.weights import import_weights

    with RichProgress(transient=True) as progress:
        result = import_weights(file, on_event=progress)
    action = "Replaced" if result.replaced else "Imported"
    out.print(
        f"{action} {result.path} ({byte_size(result.path.stat().st_size)}, SHA-256 "
        f"{result.sha256[:16]}... matches the expected {result.file.hash_prefix}). These loss "
        f"networks now work offline: {_networks_using(result.file.model)}.",
        soft_wrap=True,
    )
