"""The importer contract of a dataset obtained from files (`percae data import|download NAME`).

A catalog entry with ``obtain`` ``import`` / ``download`` names its importer module in
``importer``; that module defines ``IMPORTER = DatasetImporter(import_files=..., download=...)``.
The two functions are typed by the protocols below, so mypy checks every importer against the
contract, and `load_importer` (what the CLI calls) refuses a module that does not keep it. A
test iterates the catalog and loads each entry's importer.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from percae_core.data.description import DatasetDescription
from percae_core.events import EventSink
from percae_core.paths import Home


class ImportFiles(Protocol):
    """Fill the dataset's cache from files a user has (``source``); returns the cache metadata."""

    def __call__(
        self, home: Home, source: Path, verify: bool = ..., on_event: EventSink = ...
    ) -> dict[str, Any]: ...


class Download(Protocol):
    """Fetch the dataset's files and import them, checked; returns the cache metadata."""

    def __call__(self, home: Home, on_event: EventSink = ...) -> dict[str, Any]: ...


@dataclass(frozen=True)
class DatasetImporter:
    import_files: ImportFiles
    download: Download


def load_importer(description: DatasetDescription) -> DatasetImporter:
    """The importer of ``description`` (its module imported now); `TypeError` if it breaks the
    contract, `ValueError` if the dataset has none."""
    if description.importer is None:
        raise ValueError(f"{description.name} has no importer")
    importer = getattr(importlib.import_module(description.importer), "IMPORTER", None)
    if not isinstance(importer, DatasetImporter):
        raise TypeError(f"{description.importer}.IMPORTER is not a DatasetImporter")
    return importer
