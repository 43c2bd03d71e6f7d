"""`percae weights ...`: which pretrained loss-network weights are cached, and importing them offline."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from percae_core.cli.console import out, show_error
from percae_core.cli.loss_net_names import compact_names
from percae_core.cli.progress import RichProgress
from percae_core.errors import PercaeError
from percae_core.quantities import byte_size

app = typer.Typer(
    help="List and import the pretrained weights of the loss networks (torchvision's and LPIPS's "
    "files).",
    no_args_is_help=True,
)


def _presence(present: bool, hash_ok: bool | None) -> str:
    if not present:
        return "[red]missing[/]"
    if hash_ok is None:
        return "[green]yes[/]"
    return "[green]yes, hash ok[/]" if hash_ok else "[bold red]yes, HASH MISMATCH[/]"


@app.command("status")
def status(
    verify: bool = typer.Option(
        False, "--verify", help="Also check each cached file's SHA-256 (reads every file)."
    ),
    only_missing: bool = typer.Option(
        False, "--only-missing", help="List only the files that are not cached yet."
    ),
) -> None:
    """Show every pretrained weights file the loss networks need: its expected SHA-256 prefix,
    cached or not, its size, and the loss networks that need it."""
    from percae_core.downloads.offline import OFFLINE_ENV, offline_requested
    from percae_core.models.weights import cache_dir, weights_status

    with RichProgress(transient=True) as progress:
        rows = weights_status(verify=verify, on_event=progress)
    shown = [row for row in rows if not (only_missing and row.present)]
    table = Table(title=f"Pretrained weights in {cache_dir()}", title_justify="left")
    table.add_column("File [dim]/ needed by[/]", overflow="fold")
    table.add_column("SHA-256", no_wrap=True)
    table.add_column("Present", no_wrap=True)
    table.add_column("Size", justify="right", no_wrap=True)
    for row in shown:
        if row.size_bytes is not None:
            size = byte_size(row.size_bytes)
        elif row.file.expected_mb:
            size = f"[dim]({byte_size(row.file.expected_mb * 1e6)})[/]"
        else:
            size = "-"
        table.add_row(
            f"{row.file.file_name}\n[dim]{compact_names(row.needed_by)}[/]",
            row.file.hash_prefix,
            _presence(row.present, row.hash_ok),
            size,
        )
    out.print(table)
    out.print(
        "SHA-256: how each file's hash must start. Size in brackets: a missing file's download."
    )
    elsewhere = [row for row in shown if row.present and row.path.parent != cache_dir()]
    for row in elsewhere:
        out.print(f"{row.file.file_name} is read from:", soft_wrap=True)
        out.print(f"  {row.path}", soft_wrap=True)
    missing = [row.file for row in rows if not row.present]
    if missing:
        out.print(
            "To add the missing files without internet: download them on a connected machine, "
            "copy them here and run `percae weights import FILE [FILE ...]` (each is checked "
            "against its SHA-256)."
        )
        for file in missing:
            out.print(f"  {file.url}", soft_wrap=True)
    elif only_missing:
        out.print("Every file is cached.")
    if any(row.hash_ok is False for row in rows):
        out.print(
            "A file whose hash does not match is damaged: delete it, then download or import it again."
        )
    if offline_requested():
        out.print(f"{OFFLINE_ENV}=1 is set: missing files are not downloaded.")


@app.command("import")
def import_(
    files: list[Path] = typer.Argument(
        ...,
        metavar="FILE...",
        help="One or more downloaded weights files, e.g. alexnet-owt-7be5be79.pth.",
        show_default=False,
    ),
) -> None:
    """Check downloaded weights files' SHA-256 and put them where torchvision looks for them.

    A file that is refused (unknown, damaged, unreadable) is named with the reason; the others are
    still imported, and the command exits with 1.
    """
    from percae_core.models.weights import import_weights_files, networks_needing

    with RichProgress(transient=True) as progress:
        attempts = import_weights_files(files, on_event=progress)
    if len(attempts) == 1 and attempts[0].error is not None:
        raise attempts[0].error
    for attempt in attempts:
        if attempt.imported is not None:
            result = attempt.imported
            action = "Replaced" if result.replaced else "Imported"
            out.print(
                f"{action} {result.path} ({byte_size(result.path.stat().st_size)}, SHA-256 "
                f"{result.sha256[:16]}... matches the expected {result.file.hash_prefix}). "
                "These loss networks now work offline: "
                f"{compact_names(networks_needing(result.file.model))}.",
                soft_wrap=True,
            )
        elif attempt.error is not None:
            show_error(attempt.error.message, attempt.error.hint)
    refused = [str(attempt.source) for attempt in attempts if attempt.error is not None]
    if refused:
        raise PercaeError(
            f"{len(refused)} of {len(attempts)} files were not imported: {', '.join(refused)} "
            "(the reasons are above); the others were.",
            hint="Download the refused files again and import them.",
        )
