"""Where an export (`percae results --out FILE`, the TUI's export) may write, and how: the way
ordinary tools treat a target.

- the home's own files (the results database and its journals, anything under `datasets/` or
  `runs/`) are refused, even with ``--force``: an export must never destroy the study;
- a symlink is written through to the file it points to (that file is then judged by these rules);
- a FIFO, a character or block device is opened and written as a stream, like ``echo > FILE``;
- an existing regular file is replaced atomically and keeps its permission bits; a read-only
  one (not writable by this user, or with no write bit at all, so root is asked too) is refused
  unless ``--force``;
- a folder is refused.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from percae_core.errors import PercaeError, UsageError
from percae_core.paths import Home
from percae_core.storage.atomic_write import write_text_atomically


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _home_file(target: Path, home: Home) -> bool:
    """Whether ``target`` (already resolved) is one of the home's own files."""
    database = home.database.resolve()
    journals = {
        database.with_name(database.name + suffix) for suffix in ("-wal", "-shm", "-journal")
    }
    if target == database or target in journals:
        return True
    if target.exists() and database.exists() and os.path.samefile(target, database):
        return True
    return any(_inside(target, folder) for folder in (home.datasets, home.runs))


def _write_failed(path: Path, exc: OSError) -> PercaeError:
    why = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
    return PercaeError(
        f"Cannot write the results to {path} ({why}); nothing was changed there.",
        hint="Check that its folder exists, is writable and has space, or leave out --out to "
        "print them.",
    )


def write_results(out: Path, text: str, home: Home, *, force: bool = False) -> Path:
    """Write ``text`` to ``out`` by the rules above; returns the file really written."""
    given = Path(out).expanduser()
    target = given.resolve()  # through every symlink, the link itself included
    if _home_file(target, home):
        raise UsageError(
            f"{given} is part of the percae home {home.root}; writing the results there would "
            "destroy the study. Nothing was written.",
            hint="Choose a file outside the home's results database, datasets/ and runs/, e.g. "
            "`--out results.md`.",
        )
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _write_failed(given, exc) from exc
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError(
            f"{given} is a folder; --out needs a file name.",
            hint=f"Give a file inside it, e.g. `--out {given / 'results.md'}`.",
        )
    try:
        if info is not None and not stat.S_ISREG(info.st_mode):
            with open(target, "w", encoding="utf-8") as stream:  # a FIFO or device: a stream
                stream.write(text)
            return target
        read_only = info is not None and (
            not os.access(target, os.W_OK) or not info.st_mode & 0o222
        )
        if read_only and not force:
            raise UsageError(
                f"{given} is read-only; it was not replaced.",
                hint="Pass --force to replace it anyway, or choose another file.",
            )
        mode = stat.S_IMODE(info.st_mode) if info is not None else None
        write_text_atomically(target, text, mode=mode)
    except OSError as exc:
        raise _write_failed(given, exc) from exc
    return target
