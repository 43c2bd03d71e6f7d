"""percae's entries in the command palette (ctrl+p): every screen, the queue's start, pause,
resume and cancel, the Results screen's export and HTML report, and the Results dataset filter
set to each dataset of the catalog.

Each entry calls the same app or screen action as its key, so the palette and the keys cannot
drift apart; the names come from the registries (screens from the app, datasets from the
catalog), so a new dataset appears here without an edit.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from percae_core.data.catalog import dataset_title, list_datasets
from percae_core.statuses import QueueStatus

if TYPE_CHECKING:
    from percae_tui.app import PercaeApp

#: Queue states an item is resumed from (it continues from its last finished epoch).
RESUMABLE = (QueueStatus.PAUSED, QueueStatus.INTERRUPTED)


@dataclass(frozen=True)
class PaletteCommand:
    title: str
    help: str
    run: Callable[[], object | Awaitable[object]]


def _on_results(app: PercaeApp, act: Callable[..., object]) -> Callable[[], Awaitable[None]]:
    """Go to the Results screen, then ``act(results_screen)``."""

    async def run() -> None:
        from percae_tui.screens.results import ResultsScreen

        await app.switch_mode("results")
        screen = app.screen
        if isinstance(screen, ResultsScreen):
            act(screen)

    return run


def percae_commands(app: PercaeApp) -> list[PaletteCommand]:
    """The commands that make sense now (pause only while something runs, and so on)."""
    commands = [
        PaletteCommand(f"{label} screen ({key})", help_text, partial(app.switch_mode, mode))
        for mode, key, label, help_text in app.SCREEN_LIST
    ]
    items = app.state.items
    if any(item.status == QueueStatus.QUEUED for item in items):
        commands.append(
            PaletteCommand(
                "Start the queue", "Run the first queued item, then the rest", app.start_next
            )
        )
    for item in items:
        if item.status in RESUMABLE:
            commands.append(
                PaletteCommand(
                    f"Resume item {item.id} ({item.status})",
                    f"{item.summary}: continue from its last finished epoch",
                    partial(app.start_item, item.id),
                )
            )
    running = app.state.running
    if running is not None:
        commands += [
            PaletteCommand(
                f"Pause item {running.id}",
                "Stop after the current epoch; resume it later from here",
                lambda: app.request_stop(running.id, "pause"),
            ),
            PaletteCommand(
                f"Cancel item {running.id}",
                "Stop now; finished epochs and cells are kept",
                lambda: app.request_stop(running.id, "cancel"),
            ),
        ]
    commands += [
        PaletteCommand(
            "Export the results to Markdown",
            "The Results screen's tables, with its filters and paper-values switch, to its path",
            _on_results(app, lambda screen: screen.run_when_loaded("export")),
        ),
        PaletteCommand(
            "Write the HTML report",
            "Tables and figures of the filtered datasets, to HOME/report.html",
            _on_results(app, lambda screen: screen.run_when_loaded("write_report")),
        ),
        PaletteCommand(
            "Results: every dataset",
            "Show the tables of all datasets",
            _on_results(app, lambda screen: screen.show_dataset(None)),
        ),
    ]
    for name in list_datasets():
        commands.append(
            PaletteCommand(
                f"Results: {dataset_title(name)} only",
                f"Set the Results dataset filter to {name}",
                _on_results(app, lambda screen, name=name: screen.show_dataset(name)),
            )
        )
    return commands


class PercaeCommands(Provider):
    """The command-palette provider of `percae_commands`."""

    def _commands(self) -> list[PaletteCommand]:
        return percae_commands(cast("PercaeApp", self.app))

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, help=command.help)
