"""The terminal UI's queue (``db.queue``): order, moves, updates, claims, worker fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from percae_core.errors import PercaeError
from percae_core.results.db import ResultsDB


def test_queue_keeps_order_moves_updates_and_claims(tmp_path: Path) -> None:
    with ResultsDB.open(tmp_path / "r.sqlite") as db:
        a = db.queue.add_item({"dataset": ["lunarlander"], "profile": "smoke"})
        b = db.queue.add_item({"dataset": ["svhn"], "profile": "quick"})
        c = db.queue.add_item({"dataset": ["stl10"], "profile": "quick"})
        db.queue.move_item(c, -5)  # clamps at the top
        assert [item["id"] for item in db.queue.items()] == [c, a, b]
        db.queue.move_item(c, 1)
        assert [item["id"] for item in db.queue.items()] == [a, c, b]
        db.queue.update_item(a, status="done", message="3 cells")
        assert db.queue.claim_next()["id"] == c
        assert db.queue.get_item(c)["status"] == "running"
        db.queue.delete_item(b)
        db.queue.delete_item(b)  # already gone: nothing to do
        assert [(i["id"], i["status"]) for i in db.queue.items()] == [(a, "done"), (c, "running")]
        assert db.queue.items()[0]["spec"] == {"dataset": ["lunarlander"], "profile": "smoke"}
        assert db.queue.claim_next() is None
        with pytest.raises(PercaeError, match="no longer exists"):
            db.queue.update_item(b, status="queued")
        with pytest.raises(PercaeError, match="no longer exists"):
            db.queue.move_item(b, 1)


def test_queue_worker_fields_round_trip(tmp_path: Path) -> None:
    with ResultsDB.open(tmp_path / "r.sqlite") as db:
        item = db.queue.add_item({"profile": "smoke"})
        db.queue.update_item(
            item, status="running", pid=4242, request="pause", progress='{"epoch": 3}'
        )
        stored = db.queue.get_item(item)
        assert (stored["pid"], stored["request"], stored["progress"]) == (
            4242,
            "pause",
            '{"epoch": 3}',
        )
        with pytest.raises(ValueError):
            db.queue.update_item(item, colour="red")
