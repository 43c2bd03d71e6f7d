"""Live screen: the current item's stage and its own progress, the cells running at once (one
row each, under the Ray executor), loss curves per loss kind and variant (of the newest running
cell's group, or of the row selected), speed, ETA, the perceptual-loss time overhead, and the
state of the whole queue.

It shows the most recently started item, finished or not, until another one starts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Label, ProgressBar

from percae_core.models.variants import VARIANTS
from percae_core.results.overhead_verdict import overhead_verdict
from percae_core.statuses import QueueStatus
from percae_tui.live_progress import stage_progress
from percae_tui.queue_state import QueueState
from percae_tui.screens.state_view import StateView
from percae_tui.widgets.live.loss_chart import LOSS_KINDS, LossPanel, charts_title
from percae_tui.widgets.live.run_status import RunStatus
from percae_tui.widgets.live.running_cells import RunningCells
from percae_tui.widgets.table_view import TableView


class LiveScreen(StateView):
    AUTO_FOCUS = "#running-cells"
    """Not the overhead table at the bottom: focusing it would scroll the status off screen."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="live-body", can_focus=False):
            yield RunStatus(id="run-status")
            yield RunningCells(id="running-cells")
            with Horizontal(id="progress-row"):
                yield Label("Cells", classes="bar-label")
                yield ProgressBar(id="cells-bar", show_eta=False)
                yield Label("Stage", classes="bar-label")
                yield ProgressBar(id="stage-bar", show_eta=False)
            yield Label(charts_title(""), id="charts-title", classes="chart-title")
            with Horizontal(id="charts"):
                for kind in LOSS_KINDS:
                    yield LossPanel(kind, id=f"{kind.name}-panel")
            yield Label(
                "Time overhead of the perceptual loss (seconds per epoch; paper: "
                "+12 ± 3% on a GPU)",
                classes="title wrapped",
            )
            yield Label(overhead_verdict(None), id="overhead-verdict", classes="wrapped")
            yield TableView(id="overhead")
            yield Label("", id="queue-status")
        yield Footer(compact=True)

    def show_state(self, state: QueueState) -> None:
        item = state.focus
        self.query_one(RunStatus).show_item(item)
        running = item is not None and item.active
        cells = item.progress.running if item is not None and item.active else []
        self.query_one(RunningCells).show_cells(cells)
        if item is not None and item.status == QueueStatus.DONE:
            self._bar("#cells-bar", 1, 1)
            self._bar("#stage-bar", 1, 1)
        elif item is not None and running:
            stage = stage_progress(item.progress)
            self._bar("#cells-bar", item.progress.cells_done, item.progress.cells_total)
            self._bar("#stage-bar", stage.done, stage.total)
        else:
            self._bar("#cells-bar", 0, None)
            self._bar("#stage-bar", 0, None)
        wanted = set(item.spec.get("variants") or VARIANTS) if item is not None else set(VARIANTS)
        for panel in self.query(LossPanel):
            panel.display = any(panel.kind.holds(VARIANTS[v]) for v in wanted if v in VARIANTS)
            panel.show_curves(state.curves)
        self.query_one("#charts-title", Label).update(charts_title(state.curve_title))
        self.query_one("#overhead", TableView).show_table(state.overhead)
        self.query_one("#overhead-verdict", Label).update(overhead_verdict(state.overhead))
        counts = state.counts()
        text = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        self.query_one("#queue-status", Label).update(f"Queue: {text or 'empty'}")

    def _bar(self, selector: str, done: float, total: float | None) -> None:
        bar = self.query_one(selector, ProgressBar)
        if not total:
            bar.update(total=1, progress=0)
            return
        bar.update(total=float(total), progress=float(done))
