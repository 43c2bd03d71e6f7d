"""State shared by every CLI command: the home folder and whether to show tracebacks."""

from __future__ import annotations

from dataclasses import dataclass

from percae_core.paths import Home, home_from


@dataclass
class CliState:
    home_arg: str | None = None
    debug: bool = False

    @property
    def home(self) -> Home:
        return home_from(self.home_arg)


STATE = CliState()
