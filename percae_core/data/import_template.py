"""The one skeleton every official-files importer shares (`percae data import|download NAME`).

An importer supplies only what differs: how to find and convert its files. This module does the
rest the same way for each: the `--no-verify` warning, converting into a `CacheWriter` (a stopped
or failed import keeps the cache that was there, whole), the message for Ctrl-C, the metadata
read back, and a download that does nothing when a verified import of the same files exists.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from percae_core.data.cache import CacheWriter, read_meta
from percae_core.data.description import DatasetDescription
from percae_core.data.official_download import verified_import
from percae_core.errors import Interrupted
from percae_core.events import EventSink, Notice
from percae_core.paths import Home


def dataset_cache_dir(home: Home, description: DatasetDescription) -> Path:
    return home.dataset_dir(description.name) / "cache"


def warn_unverified(on_event: EventSink, what: str, checks: str = "MD5 sums") -> None:
    on_event(
        Notice(
            "warning",
            f"--no-verify: {what} not checked against the official {checks}; the cache records "
            "verified: false.",
        )
    )


def import_into_cache(
    home: Home,
    description: DatasetDescription,
    meta: dict[str, Any],
    convert: Callable[[CacheWriter], None],
) -> dict[str, Any]:
    """Run ``convert`` on a new cache for ``description`` and publish it; returns its metadata."""
    target = dataset_cache_dir(home, description)
    try:
        with CacheWriter(target, meta) as writer:
            convert(writer)
    except KeyboardInterrupt:
        raise Interrupted(
            f"The import of {description.title} was stopped; nothing half-imported was kept and "
            "the cache that was there before, if any, is unchanged.",
            hint=f"Run `percae data import {description.name} ...` again to import from the start.",
        ) from None
    return read_meta(target) or {}


def download_once(
    home: Home,
    description: DatasetDescription,
    expected_md5: dict[str, str],
    fetch_and_import: Callable[[], dict[str, Any]],
    on_event: EventSink,
) -> dict[str, Any]:
    """The verified import of exactly these files if there is one, else ``fetch_and_import()``."""
    target = dataset_cache_dir(home, description)
    existing = verified_import(target, expected_md5)
    if existing:
        on_event(
            Notice("info", f"{description.title} is already downloaded and imported ({target}).")
        )
        return existing
    return fetch_and_import()
