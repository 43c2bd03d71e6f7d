"""A queue item's stored pid is trusted only while it is a percae queue worker of this home: a
pid reused by an unrelated process (after SIGKILL, OOM, a reboot) neither keeps the item
"running" nor receives the cancel's SIGTERM."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_core.runner.worker_process import is_queue_worker, process_alive


@pytest.fixture
def unrelated():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    process.kill()
    process.wait()


def test_an_unrelated_process_holding_the_pid_is_not_the_worker(tmp_path, unrelated) -> None:
    home = Home(tmp_path / "home").ensure()
    assert process_alive(unrelated.pid)
    assert not is_queue_worker(unrelated.pid, home)


def test_a_queue_worker_of_this_home_is_recognised(tmp_path) -> None:
    home = Home(tmp_path / "home").ensure()
    other = Home(tmp_path / "other").ensure()
    command = [
        sys.executable,
        "-c",
        "import time; time.sleep(60)",
        "percae_core.runner.queue_worker",
        "--home",
        str(home.root),
    ]
    process = subprocess.Popen(command)
    try:
        # Until the forked child has exec'd, /proc shows the parent's command line.
        deadline = time.monotonic() + 10
        while not is_queue_worker(process.pid, home) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert is_queue_worker(process.pid, home)
        assert not is_queue_worker(process.pid, other)
    finally:
        process.kill()
        process.wait()


def test_an_item_whose_pid_was_reused_is_marked_lost(tmp_path, unrelated) -> None:
    from percae_tui.queue_state import mark_lost_workers

    home = Home(tmp_path / "home").ensure()
    with ResultsDB.open(home.database) as db:
        item = db.queue.add_item({"datasets": ["lunarlander"], "profile": "smoke"})
        db.queue.update_item(item, status="running", pid=unrelated.pid)
        assert mark_lost_workers(db, home) == [item]
        assert db.queue.get_item(item)["status"] == "failed"
    assert unrelated.poll() is None  # and it was left alone
