"""One SQLite connection to the results database: WAL mode, a busy timeout, write transactions,
and sqlite3's errors turned into messages that name the file and say what to do.

Several processes may write at once (a `percae bench` run and the terminal UI): every write runs
in ``BEGIN IMMEDIATE`` so a writer takes the write lock before it reads, and waits up to
`BUSY_TIMEOUT_S` for another writer instead of failing. WAL lets readers go on meanwhile.

A home that cannot be written (a read-only folder or file, a shared copy) is opened read-only
when its schema is current, so the commands that only read (results, figures and report with
--out elsewhere, compare, preview, export, data and weights status) still work; a write then
fails with the read-only message. SQLite needs to create the -shm file of a WAL database even to
read it, so where that fails and no -wal file is left (nothing unsaved), the file is opened as
immutable.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from percae_core.errors import ResultsDatabaseError
from percae_core.results.schema import LATEST_VERSION, apply_migrations, current_version

BUSY_TIMEOUT_S = 30.0

_CORRUPT_MARKERS = ("not a database", "malformed", "corrupt", "file is encrypted")
#: what SQLite says when the tables do not match the recorded schema version
_SCHEMA_MARKERS = ("no such table", "no such column", "already exists", "duplicate column")


def _writable(path: Path) -> bool:
    """Whether this process may write ``path`` (when it exists) and create files beside it."""
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return not path.parent.exists() or os.access(path.parent, os.W_OK)


class Connection:
    """A thread-safe wrapper of one sqlite3 connection (the TUI calls it from worker threads).

    ``read_only``: None (default) opens read-only only when the file or its folder cannot be
    written and the schema is current; True always opens read-only (and needs a current
    schema); False always opens for writing."""

    def __init__(self, path: Path, read_only: bool | None = None) -> None:
        self.path = path
        self._lock = threading.RLock()
        if read_only is None:
            read_only = path.exists() and not _writable(path)
        self.read_only = read_only
        if read_only:
            self._conn = self._open_read_only()
            self._conn.row_factory = sqlite3.Row
            try:
                self._check_read_only_version()
            except BaseException:
                self._conn.close()
                raise
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ResultsDatabaseError(
                f"The folder of the results database {path} cannot be created "
                f"({exc.strerror or exc}).",
                hint="Choose a writable home with --home DIR or PERCAE_HOME.",
            ) from exc
        with self.guard():
            self._conn = sqlite3.connect(
                str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        self._conn.row_factory = sqlite3.Row
        try:
            self._configure()
        except BaseException:
            self._conn.close()
            raise

    def _open_read_only(self) -> sqlite3.Connection:
        """``mode=ro``; where SQLite cannot make the -shm file (a read-only folder) and no -wal
        file holds unsaved pages, ``immutable=1``."""
        uri = self.path.resolve().as_uri()
        with self.guard():
            try:
                conn = sqlite3.connect(
                    f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False
                )
                conn.execute("PRAGMA schema_version").fetchone()
                return conn
            except sqlite3.OperationalError:
                if Path(f"{self.path}-wal").exists():
                    raise
            return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, check_same_thread=False)

    def _check_read_only_version(self) -> None:
        with self.guard():
            version = current_version(self._conn)
        if version != LATEST_VERSION:
            raise ResultsDatabaseError(
                f"The results database {self.path} cannot be written and its schema (version "
                f"{version}) is not the one this percae reads (version {LATEST_VERSION}).",
                hint="Open it once from a writable home (copy it, or fix the permissions) so "
                "percae can update it, or use the percae version that wrote it.",
            )

    def _configure(self) -> None:
        with self.guard():
            self._conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._enable_wal()
        with self.write() as conn:
            version = current_version(conn)
            if version > LATEST_VERSION:
                raise ResultsDatabaseError(
                    f"The results database {self.path} was written by a newer percae (schema "
                    f"version {version}; this percae knows up to {LATEST_VERSION}).",
                    hint="Upgrade percae (pip install -U percae), or use another home with "
                    "--home DIR. The file is left as it is.",
                )
            apply_migrations(conn)

    def _enable_wal(self) -> None:
        """Switch to WAL once per file. Switching needs a moment of exclusive access, and SQLite
        answers "locked" at once (no busy wait) when another process opens the new file at the
        same time, so retry until the busy timeout. A filesystem without shared memory (some
        network mounts) keeps the rollback journal: slower with several writers, just as safe."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                if str(self._conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                    self._conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @property
    def journal_mode(self) -> str:
        row = self.query_one("PRAGMA journal_mode")
        if row is None:
            raise ResultsDatabaseError(
                f"The results database {self.path} did not report its journal mode.",
                hint="The file may be damaged: move it aside and run again.",
            )
        return str(row[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed when the block ends, rolled back on any exception
        (Ctrl-C included), so a row is either fully stored or not at all."""
        with self._lock, self.guard():
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        with self._lock, self.guard():
            return self._conn.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: tuple | list = ()) -> sqlite3.Row | None:
        with self._lock, self.guard():
            return self._conn.execute(sql, params).fetchone()

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Turn sqlite3's failures a user can meet into `ResultsDatabaseError`s."""
        try:
            yield
        except sqlite3.IntegrityError:
            raise
        except sqlite3.DatabaseError as exc:
            explained = self._explain(exc)
            if explained is None:
                raise
            raise explained from exc

    def _explain(self, exc: sqlite3.DatabaseError) -> ResultsDatabaseError | None:
        text = str(exc)
        lowered = text.lower()
        if any(marker in lowered for marker in _CORRUPT_MARKERS):
            return ResultsDatabaseError(
                f"The results database {self.path} is damaged or is not a percae database "
                f"(SQLite says: {text}). It holds every result of this home, so percae does "
                "not change or delete it.",
                hint=f"Move it aside (e.g. rename it to {self.path.name}.broken) and run again "
                "to start a new one, or restore it from a backup; the sqlite3 shell's "
                "`.recover` command can often salvage its rows.",
            )
        if any(marker in lowered for marker in _SCHEMA_MARKERS):
            return ResultsDatabaseError(
                f"The results database {self.path} has a damaged or inconsistent schema: its "
                f"tables do not match the schema version it records (SQLite says: {text}). "
                "percae does not change or delete it.",
                hint=f"Move it aside (e.g. rename it to {self.path.name}.broken) and run again "
                "to start a new one, or restore it from a backup.",
            )
        if "locked" in lowered or "busy" in lowered:
            return ResultsDatabaseError(
                f"The results database {self.path} stayed locked by another process for more "
                f"than {BUSY_TIMEOUT_S:.0f} s.",
                hint="Another percae run or percae-tui is writing to it; wait for it, or stop "
                "a hung process, then run again. Nothing was lost.",
            )
        if "full" in lowered or "disk i/o" in lowered:
            return ResultsDatabaseError(
                f"The results database {self.path} could not be written ({text}).",
                hint="Free disk space on that drive (or choose another home with --home DIR), "
                "then run again; rows written before are kept.",
            )
        if "readonly" in lowered or "unable to open" in lowered or "read-only" in lowered:
            return ResultsDatabaseError(
                f"The results database {self.path} cannot be opened for writing ({text}).",
                hint="Check the permissions of the file and its folder, or choose a writable "
                "home with --home DIR or PERCAE_HOME.",
            )
        return None
