"""Two identical runs at once: the second waits for the first and reuses its work (issue #13,
"Also": a lock per dataset cache and per cell)."""

from __future__ import annotations

import threading
import time

from percae_core.events import Notice
from percae_core.storage.locks import work_lock


def test_the_second_process_waits_and_learns_the_work_is_finished(tmp_path) -> None:
    held = threading.Event()
    release = threading.Event()

    def first() -> None:
        with work_lock(tmp_path, "cell-abc", "cell abc") as lock:
            held.set()
            release.wait(10)
            lock.mark_finished()

    thread = threading.Thread(target=first)
    thread.start()
    held.wait(10)
    events: list = []
    threading.Timer(0.3, release.set).start()
    started = time.monotonic()
    with work_lock(tmp_path, "cell-abc", "cell abc", events.append) as lock:
        assert time.monotonic() - started >= 0.2  # it really waited
        assert lock.other_finished
    thread.join(10)
    assert any(isinstance(e, Notice) and "waiting" in e.message for e in events)


def test_a_finished_mark_is_not_reused_by_a_later_run_that_did_not_wait(tmp_path) -> None:
    with work_lock(tmp_path, "cell-abc", "cell abc") as lock:
        lock.mark_finished()
    with work_lock(tmp_path, "cell-abc", "cell abc") as lock:
        assert not lock.other_finished
