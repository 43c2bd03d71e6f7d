"""Where a command may write what it makes (`results --out`, `report --out`, `figures --out`, the
TUI's export, HTML report and saved figure), and how: the way ordinary tools treat a target.
Every command that writes a file the user names goes through `output_file` (and `figures`
through `output_folder` first), so the rules are the same everywhere:

- the home's own files (the results database and its journals, anything under `datasets/` or
  `runs/`) are refused, even with ``--force``: an output must never destroy the study;
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
from dataclasses import dataclass
from pathlib import Path

from percae_core.errors import PercaeError, UsageError
from percae_core.paths import Home
from percae_core.storage.atomic_write import atomic_file


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


def _refuse_home_file(given: Path, home: Home, what: str) -> UsageError:
    return UsageError(
        f"{given} is part of the percae home {home.root}; writing {what} there would destroy "
        "the study. Nothing was written.",
        hint="Choose a place outside the home's results database, datasets/ and runs/, e.g. "
        "`--out results.md`.",
    )


def _write_failed(path: Path, exc: OSError, what: str) -> PercaeError:
    why = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
    return PercaeError(
        f"Cannot write {what} to {path} ({why}); nothing was changed there.",
        hint="Check that its folder exists, is writable and has space, or choose another place "
        "with --out.",
    )


@dataclass(frozen=True)
class OutputFile:
    """A target that passed the rules: ``path`` is the file really written (links resolved)."""

    given: Path
    path: Path
    stream: bool
    mode: int | None
    what: str

    def write(self, data: bytes) -> Path:
        """Write ``data`` there (a stream, or atomically keeping the permission bits; a missing
        folder is created)."""
        try:
            if self.stream:
                with open(self.path, "wb") as handle:
                    handle.write(data)
            else:
                with atomic_file(self.path, mode=self.mode, create_folder=True) as handle:
                    handle.write(data)
        except OSError as exc:
            raise _write_failed(self.given, exc, self.what) from exc
        return self.path


def output_file(out: Path, home: Home, *, force: bool = False, what: str = "it") -> OutputFile:
    """Check ``out`` by the rules above before anything is made; `OutputFile.write` writes it."""
    given = Path(out).expanduser()
    target = given.resolve()  # through every symlink, the link itself included
    if _home_file(target, home):
        raise _refuse_home_file(given, home, what)
    try:
        info = target.stat()
    except FileNotFoundError:
        return OutputFile(given, target, stream=False, mode=None, what=what)
    except OSError as exc:
        raise _write_failed(given, exc, what) from exc
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(
            f"{given} is a folder; --out needs a file name.",
            hint=f"Give a file inside it, e.g. `--out {given / 'results.md'}`.",
        )
    if not stat.S_ISREG(info.st_mode):  # a FIFO or device: a stream
        return OutputFile(given, target, stream=True, mode=None, what=what)
    if (not os.access(target, os.W_OK) or not info.st_mode & 0o222) and not force:
        raise UsageError(
            f"{given} is read-only; it was not replaced.",
            hint="Pass --force to replace it anyway, or choose another file.",
        )
    return OutputFile(given, target, stream=False, mode=stat.S_IMODE(info.st_mode), what=what)


def output_folder(folder: Path, home: Home) -> Path:
    """A folder to write files into (created if missing), by the rules above; resolved."""
    given = Path(folder).expanduser()
    target = given.resolve()
    if _home_file(target, home) or target in (home.datasets.resolve(), home.runs.resolve()):
        raise _refuse_home_file(given, home, "files")
    if target.exists() and not target.is_dir():
        raise UsageError(
            f"{given} exists and is not a folder; --out needs a folder here.",
            hint="Choose a folder (a new one is created), or move that file away.",
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_failed(given, exc, "files") from exc
    return target


def write_results(out: Path, text: str, home: Home, *, force: bool = False) -> Path:
    """Write ``text`` to ``out`` by the rules above; returns the file really written."""
    return output_file(out, home, force=force, what="the results").write(text.encode("utf-8"))
