"""The one way percae replaces a file: write a fresh temporary file beside it, fsync, rename.

The temporary file is created by `tempfile.mkstemp` in the target's own folder: a random name,
opened with ``O_CREAT | O_EXCL`` (so a symlink or file planted under that name is never followed
or reused) and readable only by its owner until it is moved into place. A crash, a kill or a
power loss leaves either the old file or the complete new one, never half of one; a failure
removes the temporary file, and a full disk is a `DiskFullError` naming the folder and the
space needed. ``os.replace`` replaces the name ``target`` itself: when ``target``
is a symlink the link is replaced, not what it points to (callers that mean to write through a
link resolve it first, see `percae_core/results/export_target.py`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from percae_core.errors import DiskFullError
from percae_core.quantities import byte_size

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
    written = 0
    try:
        with os.fdopen(descriptor, "wb") as handle:
            try:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            finally:
                written = temp.stat().st_size if temp.exists() else 0
            os.fchmod(handle.fileno(), _permissions(mode))
        os.replace(temp, target)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if _disk_full(exc):
            raise disk_full_error(target, written) from exc
        raise
    _fsync_folder(target.parent)


def _disk_full(exc: BaseException | None) -> bool:
    """Whether ``exc`` or what caused it is ENOSPC (torch.save turns it into a RuntimeError)."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def disk_full_error(target: Path, written: int, kept: str | None = None) -> DiskFullError:
    """The one-paragraph message for a full disk: the folder, the space needed, what is kept
    (``kept``; by default: the previous file, which an atomic write never replaced)."""
    folder = Path(target).parent
    try:
        free = f"; {byte_size(shutil.disk_usage(folder).free)} free now"
    except OSError:
        free = ""
    kept = kept or f"Nothing was replaced: the previous {Path(target).name}, if any, is kept."
    needs = f"it needs more than the {byte_size(written)} written before the disk filled"
    why = "; ".join(part for part in (needs if written else "", free.lstrip("; ")) if part)
    return DiskFullError(
        f"The disk holding {folder} is full: {Path(target).name} could not be written"
        + (f" ({why}). " if why else ". ")
        + kept,
        hint=f"Free at least {byte_size(max(written, 1_000_000))} there, or choose another home "
        "with --home / PERCAE_HOME, then run the same command again; finished work is kept.",
    )


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
