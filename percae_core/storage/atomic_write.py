"""The one way percae replaces a file: write a fresh temporary file beside it, fsync, rename.

The temporary file is created by `tempfile.mkstemp` in the target's own folder: a random name,
opened with ``O_CREAT | O_EXCL`` (so a symlink or file planted under that name is never followed
or reused) and readable only by its owner until it is moved into place. A crash, a kill or a
power loss leaves either the old file or the complete new one, never half of one; a failure
removes the temporary file. ``os.replace`` replaces the name ``target`` itself: when ``target``
is a symlink the link is replaced, not what it points to (callers that mean to write through a
link resolve it first, see `percae_core/results/export_target.py`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

TEMP_MARK = ".partial-"


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: some file systems refuse a folder fsync)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def atomic_file(
    target: str | os.PathLike[str], *, mode: int | None = None, create_folder: bool = False
) -> Iterator[IO[bytes]]:
    """An open binary file that becomes ``target`` when the block ends without an exception.

    ``mode`` sets the new file's permission bits (default: 0o666 minus the umask, like `open`).
    On any exception (Ctrl-C included) the temporary file is removed and ``target`` is untouched.
    """
    target = Path(target)
    if create_folder:
        target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}{TEMP_MARK}", suffix=".tmp", dir=target.parent
    )
    temp = Path(temp_name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), _permissions(mode))
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)


def _permissions(mode: int | None) -> int:
    if mode is not None:
        return mode
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_bytes_atomically(
    target: str | os.PathLike[str], data: bytes, *, mode: int | None = None
) -> None:
    """Replace ``target`` with ``data`` atomically."""
    with atomic_file(target, mode=mode) as handle:
        handle.write(data)


def write_text_atomically(
    target: str | os.PathLike[str], text: str, *, mode: int | None = None
) -> None:
    """Replace ``target`` with ``text`` (UTF-8) atomically."""
    write_bytes_atomically(target, text.encode("utf-8"), mode=mode)


def write_with_atomically(
    target: str | os.PathLike[str], write: Callable[[IO[bytes]], Any], *, mode: int | None = None
) -> None:
    """Replace ``target`` with whatever ``write(handle)`` writes (e.g. `torch.save`, `np.save`)."""
    with atomic_file(target, mode=mode) as handle:
        write(handle)


def is_temporary(path: Path) -> bool:
    """Whether ``path`` is a leftover temporary file of `atomic_file` (never read as data)."""
    return path.name.startswith(".") and TEMP_MARK in path.name and path.name.endswith(".tmp")


def publish_folder(built: Path, target: Path) -> None:
    """Move a completely built folder to ``target``, replacing any folder there.

    A folder cannot be renamed over a non-empty one, so an existing ``target`` is first renamed
    aside under a fresh random name (`tempfile.mkdtemp` reserves it) and deleted afterwards:
    at every moment ``target`` is either the old folder or the new one.
    """
    built, target = Path(built), Path(target)
    if not target.exists():
        os.replace(built, target)
    else:
        aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.replaced-", dir=target.parent))
        os.replace(target, aside / target.name)
        os.replace(built, target)
        shutil.rmtree(aside, ignore_errors=True)
    _fsync_folder(target.parent)
