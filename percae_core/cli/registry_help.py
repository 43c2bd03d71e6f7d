"""Help texts that list what the registries hold when the help is shown, not when percae starts.

A command made with ``cls=registry_help({"dataset": list_datasets, ...})`` appends "One of: ..."
(or the text the function returns) to those options' help at the moment `--help` renders it, so a dataset, variant or loss network
registered in one place appears in `percae bench --help` without restating its name here, and
listing the loss networks (which needs torch) costs nothing unless help is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from weakref import WeakKeyDictionary

from typer.core import TyperCommand

#: The names to list ("One of: ..."), or a text to append as it is.
Choices = Callable[[], list[str] | str]


def registry_help(choices: Mapping[str, Choices]) -> type[TyperCommand]:
    """A Typer command class whose options named in ``choices`` list them in their help."""

    #: Each option's own help, before the first listing was appended to it
    base_help: WeakKeyDictionary[object, str] = WeakKeyDictionary()

    class RegistryHelpCommand(TyperCommand):
        def get_help(self, ctx: Any) -> str:
            for param in self.params:
                listed = choices.get(param.name or "")
                if listed is not None and hasattr(param, "help"):
                    base = base_help.setdefault(param, param.help or "")
                    found = listed()
                    text = found if isinstance(found, str) else f"One of: {', '.join(found)}."
                    param.help = f"{base} {text}".strip()
            return super().get_help(ctx)

    return RegistryHelpCommand
