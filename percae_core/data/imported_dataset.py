"""A dataset that percae reads from official files (STL-10, SVHN): where its cache lives, how to
tell it is missing, and its `DatasetSpec` for the registry.

Both classification datasets work the same way once imported; only their names, sizes, parts
and the text telling a user how to get them differ, so each module describes itself with one
`ImportedDataset`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from percae_core.data.cache import cache_problem, open_cache
from percae_core.data.classification_parts import (
    cache_is_present,
    cache_status,
    classification_parts,
)
from percae_core.data.description import DatasetDescription
from percae_core.data.parts import DatasetParts
from percae_core.data.scale import DatasetScale
from percae_core.data.spec import DatasetSpec
from percae_core.errors import DataMissingError
from percae_core.events import EventSink, ignore_events
from percae_core.paths import Home


@dataclass(frozen=True)
class ImportedDataset:
    catalog_entry: DatasetDescription
    tile: int
    description: str
    how_to_get: str
    import_argument: str
    """What `percae data import NAME ...` takes (PATH or FOLDER), for messages."""
    repair: str = ""
    """The command that rebuilds a damaged cache, when not an import or download of NAME."""

    @property
    def name(self) -> str:
        return self.catalog_entry.name

    @property
    def title(self) -> str:
        return self.catalog_entry.title

    @property
    def image_size(self) -> tuple[int, int]:
        return self.catalog_entry.image_size

    def cache_dir(self, home: Home) -> Path:
        return home.dataset_dir(self.name) / "cache"

    def raw_dir(self, home: Home) -> Path:
        """Where `percae data download NAME` keeps the official files."""
        return home.dataset_dir(self.name) / "raw"

    def missing_error(self, home: Home) -> DataMissingError:
        return DataMissingError(
            f"{self.title} is not in {home.root}: it has been neither downloaded nor imported.",
            hint=self.how_to_get,
        )

    def is_ready(self, home: Home, scale: DatasetScale | None = None) -> bool:
        return cache_is_present(self.cache_dir(home))

    def load_parts(
        self, home: Home, scale: DatasetScale, on_event: EventSink = ignore_events
    ) -> DatasetParts:
        if not self.is_ready(home, scale):
            raise self.missing_error(home)
        cache = open_cache(self.cache_dir(home), fix=self.repair_hint())
        return classification_parts(
            cache,
            description=self.catalog_entry,
            tile=self.tile,
            scale=scale,
        )

    def repair_hint(self) -> str:
        if self.repair:
            return self.repair
        return (
            f"Import it again with `percae data import {self.name} {self.import_argument}` "
            f"or `percae data download {self.name}`."
        )

    def status(self, home: Home, verify: bool = False) -> list[dict[str, Any]]:
        entries = cache_status(
            self.cache_dir(home), self.name, self.description, self.catalog_entry.stored_parts
        )
        for entry in entries:
            if "problem" not in entry:
                problem = cache_problem(self.cache_dir(home), verify)
                if problem is not None:
                    entry.clear()
                    entry.update(path=str(self.cache_dir(home)), key=self.cache_dir(home).name)
                    entry["problem"] = problem
            if "problem" in entry:
                entry["repair"] = self.repair_hint()
        return entries

    def spec(self) -> DatasetSpec:
        return DatasetSpec(
            description=self.catalog_entry,
            how_to_get=self.how_to_get,
            is_ready=self.is_ready,
            load_parts=self.load_parts,
            status=self.status,
        )
