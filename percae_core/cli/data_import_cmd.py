"""`percae data import stl10|svhn PATH [--no-verify]` and `percae data download stl10|svhn`.

Both end in the same verified uint8 cache: `download` fetches the official files (machines with
internet), `import` reads copies fetched elsewhere (machines without).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from percae_core.cli.console import out
from percae_core.cli.context import STATE
from percae_core.cli.data_cmd import app
from percae_core.cli.progress import RichProgress
from percae_core.errors import UsageError

IMPORTED = ("stl10", "svhn")
"""The datasets made from official files; their modules load (numpy, torch) only when used."""


def _importer(name: str) -> Callable[..., dict[str, Any]]:
    if name == "stl10":
        from percae_core.data.stl10_import import import_stl10

        return import_stl10
    from percae_core.data.svhn_import import import_svhn

    return import_svhn


def _downloader(name: str) -> Callable[..., dict[str, Any]]:
    if name == "stl10":
        from percae_core.data.stl10_import import download_stl10

        return download_stl10
    from percae_core.data.svhn_import import download_svhn

    return download_svhn


def _title_and_parts(name: str) -> tuple[str, tuple[str, ...]]:
    from percae_core.data import stl10, svhn

    if name == "stl10":
        return stl10.TITLE, tuple(stl10.PARTS)
    return svhn.TITLE, tuple(svhn.SPLITS)


def _dataset(name: str) -> str:
    key = name.strip().lower()
    if key == "lunarlander":
        raise UsageError(
            "LunarLander is not imported or downloaded: percae renders it from the simulator.",
            hint="Run `percae data prepare lunarlander`.",
        )
    if key not in IMPORTED:
        raise UsageError(f"Unknown dataset {name!r}.", hint="Choose stl10 or svhn.")
    return key


def _size(count: int) -> str:
    return f"{count / 1e9:,.2f} GB" if count >= 1e9 else f"{count / 1e6:,.1f} MB"


def _summary(verb: str, name: str, meta: dict[str, Any]) -> str:
    counts = meta.get("counts", {})
    title, order = _title_and_parts(name)
    parts = ", ".join(f"{part} {counts[part]:,}" for part in order if part in counts)
    size = sum(int(info["bytes"]) for info in meta.get("arrays", {}).values())
    checked = (
        "checked against the official MD5 sums"
        if meta.get("verified")
        else "[bold yellow]NOT checked[/] against the official MD5 sums (--no-verify)"
    )
    path = STATE.home.dataset_dir(name) / "cache"
    return f"{verb} {title}: {parts} images, {_size(size)}, {checked}.\n  cache: {path}"


@app.command("import")
def import_command(
    dataset: str = typer.Argument(..., help="stl10 or svhn.", show_default=False),
    path: Path = typer.Argument(
        ...,
        help="STL-10: stl10_binary.tar.gz or the stl10_binary folder extracted from it. "
        "SVHN: the folder holding train_32x32.mat, test_32x32.mat and extra_32x32.mat.",
        show_default=False,
    ),
    no_verify: bool = typer.Option(
        False,
        "--no-verify",
        help="Skip the official MD5 and size checks (the cache records verified: false).",
    ),
) -> None:
    """Import STL-10 or SVHN from the official files, for machines without internet."""
    name = _dataset(dataset)
    home = STATE.home.ensure()
    with RichProgress() as progress:
        meta = _importer(name)(home, path, verify=not no_verify, on_event=progress)
    out.print(_summary("Imported", name, meta), soft_wrap=True)


@app.command("download")
def download_command(
    dataset: str = typer.Argument(..., help="stl10 or svhn.", show_default=False),
) -> None:
    """Download STL-10 or SVHN (official files, MD5-checked) and convert them into the cache."""
    name = _dataset(dataset)
    home = STATE.home.ensure()
    with RichProgress() as progress:
        meta = _downloader(name)(home, on_event=progress)
    out.print(_summary("Downloaded", name, meta), soft_wrap=True)
