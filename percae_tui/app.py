"""The `percae-tui` application: five screens (modes), one database poller, the queue worker.

Training never runs here: a queue item runs in its own process
(`percae_core.runner.queue_worker`), which writes its progress into the database. The app reads
the database in a worker thread twice a second and posts one coalesced `QueueStateChanged`;
screens redraw from it. Closing the app leaves a run going if the user says so, and reopening it
shows that run's progress from the database.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from typing import ClassVar

from textual import work
from textual.app import App, ScreenStackError
from textual.binding import Binding
from textual.content import Content
from textual.notifications import SeverityLevel

from percae_core.data.catalog import use_home
from percae_core.errors import PercaeError
from percae_core.events import CellKey
from percae_core.paths import Home, home_from
from percae_core.results.db import ResultsDB
from percae_core.runner.worker_process import is_queue_worker, spawn_worker
from percae_core.statuses import QueueStatus
from percae_tui.messages import QueueStateChanged
from percae_tui.palette import PercaeCommands
from percae_tui.queue_state import QueueState, mark_lost_workers, read_queue_state
from percae_tui.screen_keys import SCREENS, screen_keys_title
from percae_tui.screens.help import HelpScreen
from percae_tui.screens.live import LiveScreen
from percae_tui.screens.previews import PreviewsScreen
from percae_tui.screens.queue import QueueScreen
from percae_tui.screens.quit_dialog import QuitDialog
from percae_tui.screens.results import ResultsScreen
from percae_tui.screens.state_view import StateView
from percae_tui.widgets.live.running_cells import RunningCells

POLL_INTERVAL_S = 0.5
#: How a queue item's end is announced (anything else: a warning)
_ANNOUNCE_SEVERITY: dict[str, SeverityLevel] = {
    QueueStatus.FAILED: "error",
    QueueStatus.DONE: "information",
}


class PercaeApp(App[None]):
    """Queue experiments, watch them train, read the results beside the paper's."""

    TITLE = "percae"
    CSS_PATH = "percae.tcss"
    MODES = {
        "queue": QueueScreen,
        "live": LiveScreen,
        "results": ResultsScreen,
        "previews": PreviewsScreen,
        "help": HelpScreen,
    }
    DEFAULT_MODE = "queue"
    SCREEN_LIST: ClassVar = SCREENS
    COMMANDS = App.COMMANDS | {PercaeCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        # in the header (`format_title`), not the footer: at 80 columns the footer could hold
        # the screen's own keys or these, not both
        *(
            Binding(
                key, f"switch_mode('{mode}')", label, priority=True, id=f"app.{mode}", show=False
            )
            for mode, key, label, _ in SCREENS
        ),
    ]

    def __init__(self, home: Home | None = None, *, poll: bool = True) -> None:
        super().__init__()
        self.home = home or home_from(None)
        use_home(self.home.root)  # the form and filters list the datasets imported here
        self.poll_enabled = poll
        self.state = QueueState()
        self.workers_started: list[subprocess.Popen] = []
        self._seen_notices: dict[int, int] = {}
        self._warned: set[int] = set()
        self._seen_status: dict[int, str] = {}
        self._first_read = True
        self.followed_cell: CellKey | None = None
        """The running cell whose charts the Live screen shows (None: the newest)."""

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header: "percae" and the keys of the screens, the one shown in brackets (the
        marker reads without colour too); each screen's header is drawn as it first mounts,
        when it is the current mode."""
        return screen_keys_title(title, self.current_mode)

    # ------------------------------------------------------------------ life
    def on_mount(self) -> None:
        try:
            self.home.ensure()
            ResultsDB.open(self.home.database).close()
        except PercaeError as exc:
            self.show_error(exc)
            return
        self.refresh_state()
        if self.poll_enabled:
            self.set_interval(POLL_INTERVAL_S, self.refresh_state)

    def show_error(self, exc: PercaeError) -> None:
        text = f"{exc.message}\n{exc.hint}" if exc.hint else exc.message
        self.notify(text, title="Error", severity="error", timeout=12)

    # --------------------------------------------------------------- polling
    @work(thread=True, exclusive=True, group="poll")
    def refresh_state(self) -> None:
        """Read the queue and live run (worker thread); post the result to the UI."""
        try:
            with ResultsDB.open(self.home.database) as db:
                mark_lost_workers(db, self.home)
                state = read_queue_state(db, self.followed_cell)
        except PercaeError:
            return
        self.post_message(QueueStateChanged(state))

    def on_running_cells_followed(self, message: RunningCells.Followed) -> None:
        """The user picked a running cell on the Live screen: its charts from the next read."""
        self.followed_cell = message.key
        self.refresh_state()

    def _reap_workers(self) -> None:
        """Collect worker processes that ended, so none lingers as a zombie while the app runs."""
        self.workers_started = [p for p in self.workers_started if p.poll() is None]

    def on_queue_state_changed(self, message: QueueStateChanged) -> None:
        self.state = message.state
        self._reap_workers()
        self._notify_changes(message.state)
        try:
            screen = self.screen
        except ScreenStackError:  # closing: no screen left to draw on
            return
        if isinstance(screen, StateView):
            screen.show_state(message.state)

    def _notify_changes(self, state: QueueState) -> None:
        """Warnings from the engine, once per item and short (the detail is on the Live and
        Results screens), and finished or failed items; what was already there when the app
        opened is not repeated. Informational notices go to the Live screen only."""
        for item in state.items:
            count = item.progress.notice_count
            seen = self._seen_notices.get(item.id, 0 if not self._first_read else count)
            new = item.progress.notices[-(count - seen) :] if count > seen else []
            if item.id not in self._warned and any(n.level == "warning" for n in new):
                self._warned.add(item.id)
                self.notify(
                    f"Item {item.id} has warnings: see Live (F3) and the Results screen (F4).",
                    severity="warning",
                    timeout=8,
                )
            self._seen_notices[item.id] = count
            before = self._seen_status.get(item.id)
            if (
                not self._first_read
                and before == QueueStatus.RUNNING
                and item.status != QueueStatus.RUNNING
            ):
                self._announce(item.id, item.status, item.message)
            self._seen_status[item.id] = item.status
        self._first_read = False

    def _announce(self, item_id: int, status: str, message: str | None) -> None:
        text = f"Queue item {item_id}: {status}." + (f"\n{message}" if message else "")
        severity = _ANNOUNCE_SEVERITY.get(status, "warning")
        self.notify(
            text,
            title="Queue",
            severity=severity,
            timeout=15 if status == QueueStatus.FAILED else 8,
        )

    # ----------------------------------------------------------------- queue
    def start_next(self) -> None:
        """Start the first item that can run (from the command palette)."""
        startable = [item for item in self.state.items if item.status == QueueStatus.QUEUED]
        if not startable:
            self.notify("Nothing queued: add an experiment on the Queue screen (F2).")
            return
        self.start_item(startable[0].id)

    def start_item(self, item_id: int) -> None:
        """Run ``item_id`` (and afterwards the rest of the queue) in a worker process."""
        if self.state.running is not None:
            self.notify(
                f"Queue item {self.state.running.id} is running; this one will follow.",
                severity="warning",
            )
            return
        try:
            with ResultsDB.open(self.home.database) as db:
                process = spawn_worker(self.home, item_id)
                db.queue.update_item(
                    item_id, status=QueueStatus.RUNNING, pid=process.pid, request=None, message=None
                )
        except (PercaeError, OSError) as exc:
            self.notify(f"Could not start the worker: {exc}", severity="error")
            return
        self.workers_started.append(process)
        self._seen_status[item_id] = QueueStatus.RUNNING
        self.refresh_state()

    def request_stop(self, item_id: int, request: str) -> None:
        """Ask a running item to ``pause`` (after the current epoch) or ``cancel`` (now)."""
        item = next((i for i in self.state.items if i.id == item_id), None)
        try:
            with ResultsDB.open(self.home.database) as db:
                db.queue.update_item(item_id, request=request)
        except PercaeError as exc:
            self.show_error(exc)
            return
        pid = item.pid if item is not None else None
        if request == "cancel" and pid is not None and is_queue_worker(pid, self.home):
            try:
                os.kill(int(pid), signal.SIGTERM)
            except ProcessLookupError:
                pass
        self.notify("Pausing after the current epoch…" if request == "pause" else "Cancelling…")
        self.refresh_state()

    # ------------------------------------------------------------------ quit
    async def action_quit(self) -> None:
        running = self.state.running
        if running is None:
            self.exit()
            return

        def decided(choice: str | None) -> None:
            if choice == "stop":
                self.request_stop(running.id, "cancel")
                self.exit()
            elif choice == "leave":
                self.exit()

        self.push_screen(QuitDialog(running.id, running.summary), decided)

    def on_unmount(self) -> None:
        for process in self.workers_started:
            process.poll()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="percae-tui", description=PercaeApp.__doc__)
    parser.add_argument(
        "--home", help="percae home folder (default: $PERCAE_HOME or user data dir)"
    )
    args = parser.parse_args(argv)
    app = PercaeApp(home_from(args.home))
    app.run()
    end_process(app.return_code or 0)


def end_process(code: int) -> None:
    """Leave at once once the terminal is restored: the interpreter's teardown of the loaded
    training libraries (torch) took ~4 s after the last frame, with nothing left to do. The
    database is closed after every read, and a running queue item is its own process."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
