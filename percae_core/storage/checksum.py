"""The one file hasher: SHA-256 (or another hashlib algorithm) of a file, read in chunks."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable

CHUNK_BYTES = 8 * 1024 * 1024


def file_digest(
    path: str | os.PathLike[str],
    algorithm: str = "sha256",
    *,
    on_chunk: Callable[[int], None] | None = None,
) -> str:
    """Hex digest of the file at ``path``; ``on_chunk(bytes_read)`` is called after each chunk."""
    digest = (
        hashlib.new(algorithm, usedforsecurity=False)
        if algorithm == "md5"
        else hashlib.new(algorithm)
    )
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
            if on_chunk is not None:
                on_chunk(len(chunk))
    return digest.hexdigest()


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 hex digest of the file at ``path``."""
    return file_digest(path, "sha256")
