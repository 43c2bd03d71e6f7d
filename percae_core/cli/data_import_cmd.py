"""`percae data import NAME PATH [--no-verify]`, `percae data import images PATH --name NAME`
and `percae data download NAME`.

NAME is any catalog entry with an importer (STL-10, SVHN); the help lists them and what PATH is
for each, from the catalog, when it is shown. ``images`` imports a user's own image folder as a
new dataset in the home (`percae_core.data.image_import`). Both end in the same verified uint8 cache: `download` fetches the official files (machines with
internet), `import` reads copies fetched elsewhere (machines without).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from percae_core.cli.console import out
from percae_core.cli.context import STATE
from percae_core.cli.options import seed_option
from percae_core.cli.progress import RichProgress
from percae_core.cli.registry_help import Choices, registry_help
from percae_core.data.catalog import dataset_descriptions, describe, list_datasets
from percae_core.data.description import DatasetDescription
from percae_core.data.image_import import IMAGE_FOLDER, ImageImportRequest, import_images
from percae_core.data.image_parts import DEFAULT_PARTS
from percae_core.data.importer import DatasetImporter, load_importer
from percae_core.errors import UsageError
from percae_core.profiles import list_profiles
from percae_core.quantities import byte_size


def _imported_names() -> list[str]:
    return [d.name for d in dataset_descriptions() if d.importer]


def _import_choices() -> list[str]:
    return [*_imported_names(), IMAGE_FOLDER]


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


def _image_summary(description: DatasetDescription, request: ImageImportRequest) -> str:
    parts = description.paper_parts
    what = (
        f"{description.num_outputs} classes ({', '.join(description.classes)})"
        if description.classes
        else f"{description.num_outputs} targets ({', '.join(description.targets)}), scored by "
        "mean Euclidean distance in their unit"
    )
    folder = STATE.home.dataset_dir(description.name)
    checked = (
        "each image verified" if request.verify else "[bold yellow]NOT verified[/] (--no-verify)"
    )
    return (
        f"Imported {description.name}: {parts.ae:,} autoencoder / {parts.predictor:,} predictor / "
        f"{parts.test:,} test images of {request.size}x{request.size}, {what}; {checked}.\n"
        f"  dataset: {folder}\n  run it: percae bench --dataset {description.name}"
    )


def _import_images(path: Path, request: ImageImportRequest) -> None:
    home = STATE.home.ensure()
    with RichProgress() as progress:
        description = import_images(home, request, on_event=progress)
    out.print(_image_summary(description, request), soft_wrap=True)


def _refuse_image_options(dataset: str, options: dict[str, bool]) -> None:
    given = [flag for flag, used in options.items() if used]
    if given:
        raise UsageError(
            f"{', '.join(given)} only apply to `percae data import {IMAGE_FOLDER} PATH`, not to "
            f"{dataset}.",
            hint=f"Leave them out, or import your own folder with `percae data import "
            f"{IMAGE_FOLDER} PATH --name NAME`.",
        )


def import_command(
    dataset: str = typer.Argument(
        ..., help=f"The dataset, or {IMAGE_FOLDER!r} for your own image folder.", show_default=False
    ),
    path: Path = typer.Argument(..., help="The files to import.", show_default=False),
    no_verify: bool = typer.Option(
        False,
        "--no-verify",
        help="Skip the official MD5 and size checks (the cache records verified: false); for "
        "images: skip PIL's verify() of each file (every image is still decoded in full).",
    ),
    name: str | None = typer.Option(
        None,
        "--name",
        help="images: the new dataset's name (bench --dataset NAME).",
        show_default=False,
    ),
    targets: Path | None = typer.Option(
        None,
        "--targets",
        help="images: a CSV (header row; image path relative to PATH, then one number per "
        "target column) making a regression dataset. Without it: class subfolders "
        "PATH/<class>/*.png|jpg.",
        show_default=False,
    ),
    size: int = typer.Option(
        64,
        "--size",
        help="images: side of the square images the autoencoder sees (64, 80, 96, ...).",
    ),
    parts: str = typer.Option(
        DEFAULT_PARTS,
        "--parts",
        help="images: autoencoder/predictor/test percentages of a seeded split, `folders` "
        "(PATH/autoencoder, PATH/predictor, PATH/test) or `column=NAME` (a --targets column).",
    ),
    seed: int = seed_option("images: seed of the split into parts."),
    profile: str = typer.Option(
        "quick",
        "--profile",
        help=f"images: the profile whose part sizes must fit ({', '.join(list_profiles())}).",
    ),
    title: str | None = typer.Option(
        None,
        "--title",
        help="images: the title tables show (default: the name).",
        show_default=False,
    ),
    force: bool = typer.Option(False, "--force", help="images: replace a dataset of that name."),
) -> None:
    """Import a dataset from its official files fetched elsewhere, for machines without internet,
    or your own image folder as a new dataset (`percae data import images PATH --name NAME`)."""
    if dataset.strip().lower() == IMAGE_FOLDER:
        if name is None:
            raise UsageError(
                f"`percae data import {IMAGE_FOLDER}` needs --name NAME for the new dataset."
            )
        if profile not in list_profiles():
            raise UsageError(
                f"Unknown profile {profile!r}.",
                hint=f"Choose one of: {', '.join(list_profiles())}.",
            )
        request = ImageImportRequest(
            source=path.expanduser(),
            name=name.strip(),
            targets=targets,
            size=size,
            parts=parts,
            seed=seed,
            verify=not no_verify,
            force=force,
            profile=profile,
            title=title,
        )
        _import_images(path, request)
        return
    _refuse_image_options(
        dataset,
        {
            "--name": name is not None,
            "--targets": targets is not None,
            "--size": size != 64,
            "--parts": parts != DEFAULT_PARTS,
            "--seed": seed != 0,
            "--profile": profile != "quick",
            "--title": title is not None,
            "--force": force,
        },
    )
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
    listed: dict[str, Choices] = {"dataset": _import_choices, "path": _import_sources}
    data_app.command("import", cls=registry_help(listed))(import_command)
    data_app.command("download", cls=registry_help({"dataset": _imported_names}))(download_command)
