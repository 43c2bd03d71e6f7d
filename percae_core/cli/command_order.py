"""The order `percae --help` lists its commands in: the workflow's, from getting data to
writing the paper's artefacts. A new command adds its name here where it belongs (one a list
does not name comes last, in registration order)."""

from __future__ import annotations

from typer import _click as click  # the click that Typer vendors and builds its commands with
from typer.core import TyperGroup

WORKFLOW_ORDER = [
    "data",
    "weights",
    "bench",
    "train",
    "results",
    "compare",
    "rank",
    "figures",
    "report",
    "preview",
    "export",
    "perf",
]


class WorkflowGroup(TyperGroup):
    """A Typer group listing its commands in `WORKFLOW_ORDER`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: position for position, name in enumerate(WORKFLOW_ORDER)}
        return sorted(names, key=lambda name: (rank.get(name, len(rank)), names.index(name)))


def hide_flag_types(command: click.Command, help_names: list[str]) -> click.Command:
    """Show on/off flags bare in help (``--debug``, not ``--debug <bool>``), in every command
    (``help_names``: the app's help flags; click makes a command's help option once)."""
    context = click.Context(command, help_option_names=help_names)
    help_option = command.get_help_option(context)
    for param in [*command.params, *([help_option] if help_option is not None else [])]:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    children: dict[str, click.Command] = getattr(command, "commands", {})
    for child in children.values():  # Typer's groups are no click.Group
        hide_flag_types(child, help_names)
    return command
