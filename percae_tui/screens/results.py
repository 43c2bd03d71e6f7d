"""Results screen: Tables II-VIII per dataset with the paper's values beside them (toggle),
filters by dataset, loss network and profile, sorting, and export to Markdown (the same text as
`percae results --format markdown` with the same filters)."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Input, Label, Select, Switch

from percae_core.data.catalog import list_datasets
from percae_core.errors import PercaeError
from percae_core.paths import Home
from percae_core.profiles import list_profiles
from percae_core.results.comparison_export import comparison_tables
from percae_core.results.export import render_markdown
from percae_core.results.export_target import write_results
from percae_core.results.table_data import dataset_title
from percae_tui.messages import ReportLoaded
from percae_tui.queue_state import QueueItem
from percae_tui.results_data import ResultFilters, ResultsData, read_results
from percae_tui.screens.percae_screen import PercaeScreen
from percae_tui.widgets.results.report_view import ReportView
from percae_tui.widgets.results.verdicts import verdict_table

ALL = "all"
EMPTY = (
    "No results match. Queue and run an experiment (F2), or change the filters; "
    "results appear here as each cell finishes."
)
NO_COMPARISONS = (
    "No comparison yet: a perceptual variant and its pixel-wise twin must both have finished "
    "(with the same dataset, setting, z and seed). Press c for the tables."
)
COMPARISONS_HEADING = (
    "Every comparison of a perceptual variant with its pixel-wise twin (c: back to the tables)"
)


def dataset_filter_options() -> list[tuple[str, str]]:
    """The dataset filter's choices: all, then every dataset of the catalog in the paper's order,
    shown by its title ("LunarLander"), chosen by its name."""
    return [(ALL, ALL), *((dataset_title(name), name) for name in list_datasets())]


class ResultsScreen(PercaeScreen):
    BINDINGS = [
        Binding("v", "toggle_paper", "Paper", id="results.paper"),
        Binding("o", "sort", "Sort", id="results.sort"),
        Binding("c", "toggle_comparisons", "Compare", id="results.comparisons"),
        Binding("e", "export", "Export", id="results.export"),
        Binding("h", "write_report", "HTML report", id="results.report", show=False),
        Binding("f6", "reload", "Reload", id="results.reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort_column = 0
        self.sections: list = []
        self.data = ResultsData()
        self.comparisons_shown = False
        self._after_load: list[str] = []
        """Actions to run once the report being built is shown (from the command palette)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="results-filters"):
            yield Label("Dataset", classes="switch-label")
            yield Select(
                dataset_filter_options(),
                value=ALL,
                allow_blank=False,
                id="filter-dataset",
                prompt="dataset",
            )
            yield Label("Loss net", classes="switch-label")
            yield Select([(ALL, ALL)], value=ALL, allow_blank=False, id="filter-loss-net")
            yield Label("Profile", classes="switch-label")
            yield Select(
                [(ALL, ALL), *((p, p) for p in list_profiles())],
                value=ALL,
                allow_blank=False,
                id="filter-profile",
            )
        with Horizontal(id="export-row"):
            yield Label("Paper values", classes="switch-label")
            yield Switch(value=True, id="paper-switch")
            yield Label("Export to", classes="switch-label")
            yield Input(id="export-path")
        yield ReportView(id="report")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        home = self.percae_app.home
        self.query_one("#export-path", Input).value = str(home.root / "results.md")
        self.load_report()

    def on_screen_resume(self) -> None:
        self.load_report()

    def filters(self) -> ResultFilters:
        def chosen(selector: str) -> str | None:
            value = self.query_one(selector, Select).value
            return None if value in (ALL, Select.BLANK) else str(value)

        dataset = chosen("#filter-dataset")
        return ResultFilters(
            datasets=[dataset] if dataset else None,
            loss_net=chosen("#filter-loss-net"),
            profile=chosen("#filter-profile"),
            compare_paper=self.query_one("#paper-switch", Switch).value,
        )

    def load_report(self) -> None:
        app = self.percae_app
        self._build_report(app.home, self.filters(), app.state.running)

    @work(thread=True, exclusive=True, group="report")
    def _build_report(self, home: Home, filters: ResultFilters, running: QueueItem | None) -> None:
        """Build the tables off the event loop (the database may be large)."""
        try:
            data = read_results(home, filters, running)
        except PercaeError as exc:
            self.post_message(ReportLoaded(ResultsData(), f"{exc.message} {exc.hint or ''}"))
            return
        self.post_message(ReportLoaded(data))

    async def on_report_loaded(self, message: ReportLoaded) -> None:
        if message.error:
            self.notify(message.error, severity="error", timeout=12)
        self.data = message.data
        self.sections = message.data.sections
        nets = self.query_one("#filter-loss-net", Select)
        current = nets.value
        options = [ALL, *message.data.loss_nets]
        if [str(o) for o in options] != getattr(self, "_net_options", None):
            self._net_options = [str(o) for o in options]
            nets.set_options([(o, o) for o in options])
            nets.value = current if current in options else ALL
        await self.show_data()
        actions, self._after_load = self._after_load, []
        for action in actions:
            await self.run_action(action)

    async def show_data(self) -> None:
        view = self.query_one(ReportView)
        comparisons = self.data.comparisons
        if self.comparisons_shown:
            tables = comparison_tables(comparisons)
            await view.show_tables(COMPARISONS_HEADING, tables, NO_COMPARISONS)
            return
        await view.show_sections(self.sections, EMPTY, verdict_table(comparisons))

    async def action_toggle_comparisons(self) -> None:
        self.comparisons_shown = not self.comparisons_shown
        await self.show_data()

    def run_when_loaded(self, action: str) -> None:
        """Run ``action`` (e.g. "export") on a freshly built report."""
        self._after_load.append(action)
        self.load_report()

    def show_dataset(self, name: str | None) -> None:
        """Set the dataset filter to ``name`` (None: every dataset); the tables follow."""
        self.query_one("#filter-dataset", Select).value = name or ALL

    def on_select_changed(self, event: Select.Changed) -> None:
        if self.is_mounted:
            self.load_report()

    def on_switch_changed(self, event: Switch.Changed) -> None:
        self.load_report()

    def action_toggle_paper(self) -> None:
        switch = self.query_one("#paper-switch", Switch)
        switch.value = not switch.value

    def action_sort(self) -> None:
        """Sort every table by the next column (again on the same column: reversed)."""
        self.sort_column += 1
        self.query_one(ReportView).sort_tables(self.sort_column)

    def action_reload(self) -> None:
        self.load_report()

    def action_export(self) -> None:
        if not self.sections:
            self.notify("Nothing to export yet: no results match the filters.", severity="warning")
            return
        path = Path(self.query_one("#export-path", Input).value).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_results(path, render_markdown(self.sections), self.percae_app.home)
        except (OSError, PercaeError) as exc:
            why = exc.strerror if isinstance(exc, OSError) else str(exc)
            self.notify(
                f"Could not write {path}: {why or exc}. Choose another path.",
                severity="error",
                timeout=12,
            )
            return
        self.notify(f"Wrote the Markdown tables to {path.resolve()}", title="Exported", timeout=12)

    def action_write_report(self) -> None:
        if not self.sections:
            self.notify(
                "No results to report yet: no results match the filters.", severity="warning"
            )
            return
        self.notify("Writing the HTML report (drawing the figures)…", timeout=5)
        self._write_report(self.percae_app.home, self.filters())

    @work(thread=True, exclusive=True, group="html-report")
    def _write_report(self, home: Home, filters: ResultFilters) -> None:
        """`percae report` for the chosen datasets, written to HOME/report.html."""
        from percae_core.figures.make import FigureRequest
        from percae_core.report.write import write_report

        try:
            path, report = write_report(
                home, home.root / "report.html", FigureRequest(datasets=filters.datasets)
            )
        except PercaeError as exc:
            self.app.call_from_thread(
                self.notify, f"{exc.message} {exc.hint or ''}".strip(), severity="error", timeout=12
            )
            return
        skipped = (
            f"; {len(report.skipped)} figures skipped (listed in it)" if report.skipped else ""
        )
        self.app.call_from_thread(
            self.notify, f"Wrote the report to {path}{skipped}", title="Report", timeout=15
        )
