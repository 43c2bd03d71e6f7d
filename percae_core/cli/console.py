"""The CLI's consoles and how it shows errors and warnings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def show_error(message: str, hint: str | None = None) -> None:
    """One paragraph on stderr: what happened, then what to do."""
    text = f"{message} {hint}" if hint else message
    err.print(f"[bold red]Error:[/] {escape(text)}", soft_wrap=False)


def show_stopped(message: str, hint: str | None = None) -> None:
    """A stop the user asked for (Ctrl-C, SIGTERM, a pause) is not an error: one calm line on
    stderr saying where it stopped, then how to go on."""
    text = f"{message} {hint}" if hint else message
    err.print(f"[yellow]{escape(text)}[/]", soft_wrap=False)


def show_warning(message: str) -> None:
    err.print(f"[bold yellow]Warning:[/] {escape(message)}")


def show_info(message: str) -> None:
    err.print(message)


@contextmanager
def working(message: str) -> Iterator[None]:
    """Say on stderr that a long step runs: a spinner on a terminal, else one line (so `report`,
    `figures` and `preview` never sit silent for their 10-30 s)."""
    if err.is_terminal:
        with err.status(escape(message)):
            yield
    else:
        err.print(escape(message))
        yield


def colour_allowed() -> bool:
    return "NO_COLOR" not in os.environ
