"""A user's own datasets, stored in the home: ``<home>/datasets/<name>/description.json`` (torch-free).

`percae data import images` writes one folder per dataset, its cache under ``cache/`` and its
`DatasetDescription` beside it as JSON; the whole folder is renamed into place when complete, so
a folder with a description is a whole import. The catalog lists these after the built-in
datasets (`home_descriptions`), so everything that iterates it sees them with no code edit.

Reading is cached per home by the modification time of ``<home>/datasets`` (a published import
renames a folder into it, which changes that time), so the catalog can ask on every lookup.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from percae_core.data.description import DatasetDescription, PaperParts
from percae_core.data.scale import DatasetScale

DESCRIPTION_FILE = "description.json"
DESCRIPTION_VERSION = 1

_cache: dict[Path, tuple[int, list[DatasetDescription]]] = {}


def description_json(description: DatasetDescription) -> str:
    """The stored form of ``description`` (JSON with a ``version``)."""
    data = asdict(description)
    data["version"] = DESCRIPTION_VERSION
    return json.dumps(data, indent=2, sort_keys=True)


def description_from(data: dict[str, Any]) -> DatasetDescription:
    """The `DatasetDescription` of a stored one; `ValueError`/`KeyError`/`TypeError` when malformed."""
    if data.get("version") != DESCRIPTION_VERSION:
        raise ValueError(f"unknown description version {data.get('version')!r}")
    fields = {key: value for key, value in data.items() if key != "version"}
    fields["paper_parts"] = PaperParts(**fields["paper_parts"])
    fields["scales"] = {
        name: DatasetScale(**{**scale, "z": tuple(scale["z"])})
        for name, scale in fields["scales"].items()
    }
    for key in ("image_size", "obtain", "stored_parts", "classes", "targets"):
        fields[key] = tuple(fields.get(key) or ())
    if "geometries" in fields:  # descriptions written before geometries existed keep the default
        fields["geometries"] = tuple(fields["geometries"])
    if fields.get("paper_collection") is not None:
        fields["paper_collection"] = tuple(fields["paper_collection"])
    description = DatasetDescription(**fields)
    if not description.in_home:
        raise ValueError("not a home dataset")
    return description


def read_description(folder: Path) -> DatasetDescription | None:
    """The dataset stored in ``folder``, or None when there is none or it cannot be read."""
    try:
        return description_from(json.loads((folder / DESCRIPTION_FILE).read_text()))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def home_descriptions(home_root: Path) -> list[DatasetDescription]:
    """Every user dataset stored under ``home_root``, by folder name (those whose description
    cannot be read are left out; `percae data status` lists the folder as damaged)."""
    datasets = Path(home_root) / "datasets"
    try:
        stamp = datasets.stat().st_mtime_ns
    except OSError:
        return []
    cached = _cache.get(datasets)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    found = []
    for folder in sorted(datasets.iterdir()):
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        description = read_description(folder)
        if description is not None and description.name == folder.name:
            found.append(description)
    _cache[datasets] = (stamp, found)
    return found


def unreadable_folders(home_root: Path, builtin: list[str]) -> list[Path]:
    """Folders under ``<home>/datasets`` that are neither a built-in dataset's nor a readable
    import (a description deleted or edited by hand): `percae data status` lists them as damaged."""
    datasets = Path(home_root) / "datasets"
    if not datasets.is_dir():
        return []
    readable = {d.name for d in home_descriptions(home_root)}
    return [
        folder
        for folder in sorted(datasets.iterdir())
        if folder.is_dir()
        and not folder.name.startswith(".")
        and folder.name not in builtin
        and folder.name not in readable
    ]


def forget_cached() -> None:
    """Drop what was read (a test that edits a stored description in place calls this)."""
    _cache.clear()
