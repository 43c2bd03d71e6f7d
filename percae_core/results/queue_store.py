"""The queue of planned runs that the terminal UI shows and edits, stored beside the results
(``db.queue`` of `ResultsDB`).

Items are kept in ``position`` order; `QueueStore.claim_next` hands the first queued item to
exactly one worker even when several processes ask at once (it is one write transaction).
"""

from __future__ import annotations

import json
from typing import Any, cast

from percae_core.errors import PercaeError
from percae_core.results.connection import Connection
from percae_core.results.schema import now_text
from percae_core.statuses import QueueStatus

QUEUE_STATUSES = tuple(status.value for status in QueueStatus)
_UPDATABLE = (
    "status",
    "message",
    "spec",
    "experiment_id",
    "started_at",
    "finished_at",
    "pid",
    "progress",
    "request",
)


def _item(row: Any) -> dict:
    item = dict(row)
    item["spec"] = json.loads(item["spec"])
    return item


def _missing(item_id: int) -> PercaeError:
    return PercaeError(
        f"Queue item {item_id} no longer exists (another window or process removed it).",
        hint="Reload the queue and try again.",
    )


class QueueStore:
    """The queue aggregate, on the connection that `ResultsDB` opened."""

    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add_item(self, spec: dict) -> int:
        """Append a planned run (a `percae bench` request as a dict) at the end of the queue."""
        stamp = now_text()
        with self._db.write() as conn:
            last = conn.execute("SELECT MAX(position) FROM queue").fetchone()[0]
            cursor = conn.execute(
                "INSERT INTO queue (position, spec, status, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    0 if last is None else last + 1,
                    json.dumps(spec, sort_keys=True),
                    QueueStatus.QUEUED.value,
                    stamp,
                    stamp,
                ),
            )
            return cast(int, cursor.lastrowid)  # an INSERT always sets it

    def items(self) -> list[dict]:
        return [_item(row) for row in self._db.query("SELECT * FROM queue ORDER BY position, id")]

    def get_item(self, item_id: int) -> dict | None:
        row = self._db.query_one("SELECT * FROM queue WHERE id = ?", (item_id,))
        return None if row is None else _item(row)

    def update_item(self, item_id: int, **fields: Any) -> None:
        """Change any of status, message, spec (a dict), experiment_id, started_at,
        finished_at, pid (the worker process), request (e.g. "pause", "cancel") and progress
        (text; the worker stores JSON)."""
        unknown = set(fields) - set(_UPDATABLE)
        if unknown:
            raise ValueError(
                f"queue items have no field(s) {sorted(unknown)}; updatable: {_UPDATABLE}"
            )
        if "status" in fields and fields["status"] not in QUEUE_STATUSES:
            raise ValueError(f"queue status {fields['status']!r} is not one of {QUEUE_STATUSES}")
        if not fields:
            return
        values = {
            key: json.dumps(value, sort_keys=True) if key == "spec" else value
            for key, value in fields.items()
        }
        if "status" in values:
            values["status"] = QueueStatus(values["status"]).value
        values["updated_at"] = now_text()
        assignments = ", ".join(f"{key} = ?" for key in values)
        with self._db.write() as conn:
            cursor = conn.execute(
                f"UPDATE queue SET {assignments} WHERE id = ?", (*values.values(), item_id)
            )
            if cursor.rowcount == 0:
                raise _missing(item_id)

    def move_item(self, item_id: int, offset: int) -> None:
        """Move an item ``offset`` places (negative: earlier), stopping at either end."""
        with self._db.write() as conn:
            ids = [row[0] for row in conn.execute("SELECT id FROM queue ORDER BY position, id")]
            if item_id not in ids:
                raise _missing(item_id)
            start = ids.index(item_id)
            ids.pop(start)
            target = max(0, min(len(ids), start + offset))
            ids.insert(target, item_id)
            conn.executemany(
                "UPDATE queue SET position = ? WHERE id = ?",
                [(position, key) for position, key in enumerate(ids)],
            )

    def delete_item(self, item_id: int) -> None:
        """Remove an item; removing one that is already gone does nothing."""
        with self._db.write() as conn:
            conn.execute("DELETE FROM queue WHERE id = ?", (item_id,))

    def claim_next(self) -> dict | None:
        """The first queued item, now marked running, or None when nothing is queued."""
        with self._db.write() as conn:
            row = conn.execute(
                "SELECT * FROM queue WHERE status = ? ORDER BY position, id LIMIT 1",
                (QueueStatus.QUEUED.value,),
            ).fetchone()
            if row is None:
                return None
            stamp = now_text()
            conn.execute(
                "UPDATE queue SET status = ?, started_at = ?, updated_at = ? WHERE id = ?",
                (QueueStatus.RUNNING.value, stamp, stamp, row["id"]),
            )
            return _item(conn.execute("SELECT * FROM queue WHERE id = ?", (row["id"],)).fetchone())
