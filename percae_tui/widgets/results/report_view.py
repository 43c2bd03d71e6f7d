"""Every section of the results report: per setting, its tables and warnings, the overhead with
the sentence that says whether it means anything, and above them the verdict of every
perceptual-vs-pixel comparison; or, as the comparisons view, one table per family with its
interval method and Holm adjustment (as `percae compare` writes them)."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Label, Static

from percae_core.results.overhead_verdict import overhead_verdict
from percae_core.results.table_data import Section, Table
from percae_tui.widgets.table_view import TableView

OVERHEAD = "overhead"


def table_widgets(table: Table) -> list[Widget]:
    widgets: list[Widget] = [
        Label(table.title, classes="table-title"),
        Static(table.caption, classes="caption"),
        TableView(table, classes="result-table"),
    ]
    if table.key == OVERHEAD:
        widgets.append(Static(overhead_verdict(table), classes="overhead-verdict"))
    if table.notes:
        widgets.append(Static("\n".join(f"- {n}" for n in table.notes), classes="notes"))
    return widgets


def section_widgets(section: Section) -> list[Widget]:
    widgets: list[Widget] = [Label(section.heading, classes="section-heading")]
    for table in section.tables:
        widgets.extend(table_widgets(table))
    if section.warnings:
        count = len(section.warnings)
        widgets.append(
            Label(
                f"Warnings ({count}): what the diagnostics found in these cells",
                classes="table-title",
            )
        )
        widgets.append(Static("\n".join(f"! {w}" for w in section.warnings), classes="warnings"))
    return widgets


class ReportView(VerticalScroll):
    async def show_sections(
        self, sections: list[Section], empty_text: str, verdicts: Table | None = None
    ) -> None:
        await self.remove_children()
        if not sections:
            await self.mount(Static(empty_text, id="results-empty"))
            return
        widgets: list[Widget] = []
        if verdicts is not None:
            widgets.extend(table_widgets(verdicts))
        for section in sections:
            widgets.extend(section_widgets(section))
        await self.mount_all(widgets)

    async def show_tables(self, heading: str, tables: list[Table], empty_text: str) -> None:
        await self.remove_children()
        if not tables:
            await self.mount(Static(empty_text, id="results-empty"))
            return
        widgets: list[Widget] = [Label(heading, classes="section-heading")]
        for table in tables:
            widgets.extend(table_widgets(table))
        await self.mount_all(widgets)

    def sort_tables(self, column: int) -> None:
        for table in self.query(TableView):
            table.sort_by(column)
