"""On-disk dataset caches: named `.npy` arrays plus `meta.json`, written atomically.

A cache is a folder. It is built under a hidden temporary name and renamed into place only when
every array is written and its checksum recorded, so an interrupted or failed run never leaves a
folder that looks whole. Arrays are plain `.npy` (no pickle) and are opened memory-mapped, so a
2.6 GB image collection costs no RAM until it is read.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from percae_core.errors import CorruptCacheError, PercaeError
from percae_core.storage.atomic_write import disk_full_error, publish_folder
from percae_core.storage.checksum import file_sha256

META_FILE = "meta.json"
FORMAT_VERSION = 1


def _disk_error(exc: OSError, where: Path, partial: Path) -> PercaeError:
    if exc.errno == errno.ENOSPC:
        files = partial.rglob("*") if partial.is_dir() else ()
        written = sum(f.stat().st_size for f in files if f.is_file())
        return disk_full_error(where, written, "Nothing was kept of the unfinished cache.")
    return PercaeError(
        f"Could not write {where} ({exc.strerror or exc}); nothing was kept of the unfinished cache.",
        hint="Check the folder's permissions and free space, or choose another home with --home.",
    )


class CacheWriter:
    """Context manager that builds a cache folder and publishes it atomically.

    ``with CacheWriter(target, meta) as writer: writer.put("labels", arr)`` — on a clean exit
    the arrays' checksums go into ``meta.json`` and the folder is renamed to ``target``; on any
    exception (Ctrl-C included) the temporary folder is removed and ``target`` is untouched.
    """

    def __init__(self, target: Path, meta: dict[str, Any]) -> None:
        self.target = Path(target)
        self.meta = dict(meta)
        self.partial = self.target.parent / f".{self.target.name}.partial-{os.getpid()}"
        self._open: dict[str, np.memmap] = {}

    def __enter__(self) -> CacheWriter:
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            remove_partials(self.target)
            self.partial.mkdir()
        except OSError as exc:
            raise _disk_error(exc, self.target, self.partial) from exc
        return self

    def allocate(self, name: str, shape: tuple[int, ...], dtype: Any) -> np.memmap:
        """A writable memory-mapped array to fill in place (for data larger than RAM)."""
        try:
            array = np.lib.format.open_memmap(
                self.partial / f"{name}.npy", mode="w+", dtype=np.dtype(dtype), shape=tuple(shape)
            )
            _reserve_space(self.partial / f"{name}.npy")
        except OSError as exc:
            raise _disk_error(exc, self.target, self.partial) from exc
        self._open[name] = array
        return array

    def put(self, name: str, array: np.ndarray) -> None:
        try:
            np.save(self.partial / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
        except OSError as exc:
            raise _disk_error(exc, self.target, self.partial) from exc

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            try:
                self._publish()
                return
            except BaseException:
                shutil.rmtree(self.partial, ignore_errors=True)
                raise
        for array in self._open.values():
            del array
        self._open.clear()
        shutil.rmtree(self.partial, ignore_errors=True)

    def _publish(self) -> None:
        try:
            for array in self._open.values():
                array.flush()
            self._open.clear()
            arrays: dict[str, Any] = {}
            combined = hashlib.sha256()
            for path in sorted(self.partial.glob("*.npy")):
                loaded = np.load(path, mmap_mode="r", allow_pickle=False)
                sha = file_sha256(path)
                combined.update(f"{path.stem}:{sha}".encode())
                arrays[path.stem] = {
                    "shape": list(loaded.shape),
                    "dtype": loaded.dtype.str,
                    "bytes": path.stat().st_size,
                    "sha256": sha,
                }
                del loaded
            meta = {
                **self.meta,
                "format_version": FORMAT_VERSION,
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "arrays": arrays,
                "checksum": combined.hexdigest(),
            }
            (self.partial / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True))
            publish_folder(self.partial, self.target)
        except OSError as exc:
            raise _disk_error(exc, self.target, self.partial) from exc


def _reserve_space(file: Path) -> None:
    """Claim a memory-mapped file's disk blocks now.

    A sparse file on a full disk fails only when a page is written through the map, and that
    kills the writing process with SIGBUS instead of raising an error this module can explain.
    """
    if not hasattr(os, "posix_fallocate"):
        return
    with open(file, "r+b") as handle:
        try:
            os.posix_fallocate(handle.fileno(), 0, os.fstat(handle.fileno()).st_size)
        except OSError as exc:
            if exc.errno in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
                return
            raise


def _writer_alive(leftover: Path) -> bool:
    """Whether the process that named this partial folder is another one still running."""
    try:
        pid = int(leftover.name.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_partials(target: Path) -> None:
    """Delete leftovers of interrupted writes of ``target`` (they are never read).

    A partial folder whose writer is still running belongs to a concurrent run and is left alone.
    """
    for leftover in Path(target).parent.glob(f".{Path(target).name}.partial-*"):
        if not _writer_alive(leftover):
            shutil.rmtree(leftover, ignore_errors=True)


@dataclass
class Cache:
    """An opened cache: its metadata and its arrays, memory-mapped read-only."""

    path: Path
    meta: dict[str, Any]
    arrays: dict[str, np.ndarray]

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]

    @property
    def size_bytes(self) -> int:
        return sum(int(info["bytes"]) for info in self.meta["arrays"].values())


def read_meta(
    path: Path, fix: str | None = None, required: tuple[str, ...] = ()
) -> dict[str, Any] | None:
    """The metadata of a complete cache, or None when there is none at ``path``.

    Its schema is checked, not only its syntax: a valid JSON file without its array list (or
    without a ``required`` key) would otherwise pass checksum verification vacuously.
    """
    meta_path = Path(path) / META_FILE
    if not meta_path.is_file():
        return None
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, ValueError) as exc:
        raise _corrupt(path, f"its {META_FILE} cannot be read ({exc})", fix) from exc
    problem = _schema_problem(meta, required)
    if problem is not None:
        raise _corrupt(path, f"its {META_FILE} {problem}", fix)
    return meta


def _schema_problem(meta: Any, required: tuple[str, ...]) -> str | None:
    """What is wrong with the structure of a cache's metadata (None when nothing)."""
    if not isinstance(meta, dict):
        return "is not a JSON object"
    arrays = meta.get("arrays")
    if not isinstance(arrays, dict) or not arrays:
        return "lists no arrays"
    for name, info in arrays.items():
        if not (
            isinstance(info, dict)
            and isinstance(info.get("shape"), list)
            and all(isinstance(n, int) and n >= 0 for n in info["shape"])
            and isinstance(info.get("dtype"), str)
            and isinstance(info.get("bytes"), int)
            and isinstance(info.get("sha256"), str)
        ):
            return f"describes the array {name!r} incompletely (shape, dtype, bytes, sha256)"
    combined = hashlib.sha256()
    for name in sorted(arrays):
        combined.update(f"{name}:{arrays[name]['sha256']}".encode())
    if meta.get("checksum") != combined.hexdigest():
        return "has a checksum that does not match its array list (it was altered)"
    for key in required:
        if not isinstance(meta.get(key), dict):
            return f"lacks its {key!r}"
    return None


def cache_problem(path: Path, verify: bool = False, required: tuple[str, ...] = ()) -> str | None:
    """Why the cache at ``path`` is damaged (None when it is whole): metadata schema, each file's
    size, shape and dtype always (cheap), and each file's SHA-256 when ``verify``."""
    try:
        open_cache(path, verify=verify, required=required)
    except CorruptCacheError as exc:
        return exc.message
    return None


def _corrupt(path: Path, why: str, fix: str | None = None) -> CorruptCacheError:
    return CorruptCacheError(
        f"The dataset cache {path} is damaged: {why}.",
        hint=fix
        or "Delete that folder and prepare or import the dataset again "
        "(`percae data prepare ...` / `percae data import ...`).",
    )


def open_cache(
    path: Path, verify: bool = False, fix: str | None = None, required: tuple[str, ...] = ()
) -> Cache:
    """Open a cache, checking each file's size, shape and dtype (and SHA-256 when ``verify``).

    ``fix`` is the command to suggest when the cache turns out damaged.
    """
    path = Path(path)
    meta = read_meta(path, fix, required)
    if meta is None:
        raise _corrupt(path, f"{META_FILE} is missing", fix)
    arrays: dict[str, np.ndarray] = {}
    for name, info in meta["arrays"].items():
        file = path / f"{name}.npy"
        if not file.is_file():
            raise _corrupt(path, f"{file.name} is missing", fix)
        if file.stat().st_size != int(info["bytes"]):
            raise _corrupt(
                path,
                f"{file.name} is {file.stat().st_size} bytes, expected {info['bytes']} "
                "(truncated or overwritten)",
                fix,
            )
        try:
            array = np.load(file, mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise _corrupt(path, f"{file.name} is not a readable .npy file ({exc})", fix) from exc
        if list(array.shape) != list(info["shape"]) or array.dtype.str != info["dtype"]:
            raise _corrupt(
                path,
                f"{file.name} holds {array.dtype.str}{list(array.shape)}, expected "
                f"{info['dtype']}{info['shape']}",
                fix,
            )
        if verify and file_sha256(file) != info["sha256"]:
            raise _corrupt(path, f"{file.name} does not match its recorded SHA-256 checksum", fix)
        arrays[name] = array
    return Cache(path=path, meta=meta, arrays=arrays)
