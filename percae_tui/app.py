"""The `percae-tui` application."""

from __future__ import annotations

import argparse

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

from percae_core.paths import Home, home_from


class PercaeApp(App[None]):
    """Queue experiments, watch them train, read the results beside the paper's."""

    TITLE = "percae"
    SUB_TITLE = "perceptual vs pixel-wise autoencoder embeddings"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, home: Home | None = None) -> None:
        super().__init__()
        self.home = home or home_from(None)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("The queue is empty.", id="queue-empty")
        yield Footer()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="percae-tui", description=PercaeApp.__doc__)
    parser.add_argument("--home", help="percae home folder (default: $PERCAE_HOME or user data dir)")
    args = parser.parse_args(argv)
    PercaeApp(home_from(args.home)).run()
