"""Cached artefacts that carry their checksum and the identity of what produced them.

Beside every artefact ``X`` (an embedding, a retrained decoder) lies ``X.source.json``: the
artefact's SHA-256 and size, and ``produced_by``, a small dict naming its inputs (for an
embedding, the checkpoint's SHA-256 and the split). An artefact is reused only when both match;
anything else (a damaged or altered file, a file from another checkpoint, a missing record
after a kill between the two writes) is reported as the reason to compute it again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from percae_core.storage.atomic_write import write_text_atomically, write_with_atomically
from percae_core.storage.checksum import file_sha256

RECORD_SUFFIX = ".source.json"


def record_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + RECORD_SUFFIX)


def write_artefact(
    path: Path, write: Callable[[IO[bytes]], Any], produced_by: dict[str, Any]
) -> str:
    """Write the artefact atomically, then its record; returns the artefact's SHA-256."""
    path = Path(path)
    record_path(path).unlink(missing_ok=True)  # never a new file under an old record
    write_with_atomically(path, write)
    sha = file_sha256(path)
    record = {"sha256": sha, "bytes": path.stat().st_size, "produced_by": produced_by}
    write_text_atomically(record_path(path), json.dumps(record, indent=2, sort_keys=True))
    return sha


def artefact_problem(path: Path, produced_by: dict[str, Any] | None = None) -> str | None:
    """Why the artefact at ``path`` cannot be reused (None when it can).

    ``produced_by`` None checks only the artefact's own checksum.
    """
    path = Path(path)
    if not path.is_file():
        return f"{path.name} is missing"
    try:
        record = json.loads(record_path(path).read_text())
        sha, size, source = record["sha256"], int(record["bytes"]), record["produced_by"]
    except (OSError, ValueError, KeyError, TypeError):
        return f"{path.name} has no readable checksum record"
    if os.path.getsize(path) != size or file_sha256(path) != sha:
        return f"{path.name} does not match its recorded checksum (damaged or altered)"
    if produced_by is not None and source != produced_by:
        return f"{path.name} was made from other inputs than the current ones"
    return None
