"""The results database: every experiment, grid cell, epoch, fit, predictor, decoder retraining,
diagnostic, reference baseline and queued run of one percae home, in one SQLite file.

`ResultsDB.open` opens (creating or migrating) the file; its parts are found by name, each one
aggregate on the shared connection:

- ``db.cells`` (`CellStore`): experiments, cells and everything recorded for a cell, and the
  records read back from them (``db.cells.result_records()`` is DESIGN.md's JSON contract);
- ``db.references`` (`ReferenceStore`): the trivial and raw-pixel baselines;
- ``db.queue`` (`QueueStore`): the terminal UI's queue of planned runs.
"""

from __future__ import annotations

from pathlib import Path

from percae_core.results.cell_store import CellStore
from percae_core.results.connection import Connection
from percae_core.results.queue_store import QueueStore
from percae_core.results.reference_store import ReferenceStore


class ResultsDB:
    """Open with `ResultsDB.open(path)` (creates or migrates the file); use as a context
    manager or call `close()`."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection
        self.path = connection.path
        self.cells = CellStore(connection)
        self.references = ReferenceStore(connection)
        self.queue = QueueStore(connection)

    @classmethod
    def open(cls, path: Path | str, read_only: bool | None = None) -> ResultsDB:
        """``read_only``: see `Connection` (by default read-only only where the home cannot be
        written and the schema is current)."""
        return cls(Connection(Path(path), read_only))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ResultsDB:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def journal_mode(self) -> str:
        return self._db.journal_mode
