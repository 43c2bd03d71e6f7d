"""Every section of the results report: per (loss network, profile), its tables and warnings."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Label, Static

from percae_core.results.table_data import Section
from percae_tui.widgets.table_view import TableView


class ReportView(VerticalScroll):
    async def show_sections(self, sections: list[Section], empty_text: str) -> None:
        await self.remove_children()
        if not sections:
            await self.mount(Static(empty_text, id="results-empty"))
            return
        widgets: list[Widget] = []
        for section in sections:
            widgets.append(Label(section.heading, classes="section-heading"))
            for table in section.tables:
                widgets.append(Label(table.title, classes="table-title"))
                widgets.append(Static(table.caption, classes="caption"))
                widgets.append(TableView(table, classes="result-table"))
                if table.notes:
                    widgets.append(
                        Static("\n".join(f"- {n}" for n in table.notes), classes="notes")
                    )
            if section.warnings:
                count = len(section.warnings)
                widgets.append(
                    Label(
                        f"Warnings ({count}): what the diagnostics found in these cells",
                        classes="table-title",
                    )
                )
                widgets.append(
                    Static("\n".join(f"! {w}" for w in section.warnings), classes="warnings")
                )
        await self.mount_all(widgets)

    def sort_tables(self, column: int) -> None:
        for table in self.query(TableView):
            table.sort_by(column)
