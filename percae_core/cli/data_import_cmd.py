"""`percae data import NAME PATH [--no-verify]` and `percae data download NAME`.

NAME is any catalog entry with an importer (STL-10, SVHN); the help lists them and what PATH is
for each, from the catalog, when it is shown. Both end in the same verified uint8 cache: `download` fetches the official files (machines with
internet), `import` reads copies fetched elsewhere (machines without).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from percae_core.cli.console import out
from percae_core.cli.context import STATE
from percae_core.cli.progress import RichProgress
from percae_core.cli.registry_help import Choices, registry_help
from percae_core.data.catalog import dataset_descriptions, describe, list_datasets
from percae_core.data.description import DatasetDescription
from percae_core.data.importer import DatasetImporter, load_importer
from percae_core.errors import UsageError
from percae_core.quantities import byte_size


def _imported_names() -> list[str]:
    return [d.name for d in dataset_descriptions() if d.importer]


def _import_sources() -> str:
    """What PATH is for each importable dataset, from its catalog entry."""
    sources = [
        f"{d.title}: {d.import_source}."
        for d in dataset_descriptions()
        if d.importer and d.import_source
    ]
    return " ".join(sources)


def _dataset(name: str) -> DatasetDescription:
    if name.strip().lower() not in list_datasets():
        raise UsageError(
            f"Unknown dataset {name!r}.", hint=f"Choose {' or '.join(_imported_names())}."
        )
    description = describe(name)
    if description.importer is None:
        raise UsageError(
            f"{description.title} is not imported or downloaded: percae renders it from the "
            "simulator.",
            hint=f"Run `percae data prepare {description.name}`.",
        )
    return description


def _importer(description: DatasetDescription) -> DatasetImporter:
    return load_importer(description)


def _summary(verb: str, description: DatasetDescription, meta: dict[str, Any]) -> str:
    counts = meta.get("counts", {})
    parts = ", ".join(
        f"{part} {counts[part]:,}" for part in description.stored_parts if part in counts
    )
    size = sum(int(info["bytes"]) for info in meta.get("arrays", {}).values())
    checked = (
        "checked against the official MD5 sums"
        if meta.get("verified")
        else "[bold yellow]NOT checked[/] against the official MD5 sums (--no-verify)"
    )
    path = STATE.home.dataset_dir(description.name) / "cache"
    return f"{verb} {description.title}: {parts} images, {byte_size(size)}, {checked}.\n  cache: {path}"


def import_command(
    dataset: str = typer.Argument(..., help="The dataset.", show_default=False),
    path: Path = typer.Argument(..., help="The files to import.", show_default=False),
    no_verify: bool = typer.Option(
        False,
        "--no-verify",
        help="Skip the official MD5 and size checks (the cache records verified: false).",
    ),
) -> None:
    """Import a dataset from its official files fetched elsewhere, for machines without internet."""
    description = _dataset(dataset)
    home = STATE.home.ensure()
    with RichProgress() as progress:
        meta = _importer(description).import_files(
            home, path, verify=not no_verify, on_event=progress
        )
    out.print(_summary("Imported", description, meta), soft_wrap=True)


def download_command(
    dataset: str = typer.Argument(..., help="The dataset.", show_default=False),
) -> None:
    """Download a dataset's official files (MD5-checked) and convert them into the cache."""
    description = _dataset(dataset)
    home = STATE.home.ensure()
    with RichProgress() as progress:
        meta = _importer(description).download(home, on_event=progress)
    out.print(_summary("Downloaded", description, meta), soft_wrap=True)


def register(data_app: typer.Typer) -> None:
    """Add `import` and `download` to the `percae data` group."""
    listed: dict[str, Choices] = {"dataset": _imported_names, "path": _import_sources}
    data_app.command("import", cls=registry_help(listed))(import_command)
    data_app.command("download", cls=registry_help({"dataset": _imported_names}))(download_command)
