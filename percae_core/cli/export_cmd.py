"""`percae export NAME`: a tracker's files (TensorBoard, MLflow) from the results database, one
command per tracker in the registry (`percae_core.trackers.registry.TRACKERS`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from percae_core.cli.console import out, show_info, show_warning
from percae_core.cli.context import STATE
from percae_core.cli.options import dataset_filter, setting_option
from percae_core.trackers.registry import TRACKERS, TrackerSpec

app = typer.Typer(
    help="Write an experiment tracker's files from the results database (no network needed).",
    no_args_is_help=True,
)

REPLACE_NOTE = "exporting again into the same folder replaces a cell's run, it never duplicates it"


def _command(spec: TrackerSpec) -> Callable[..., None]:
    def export(
        out_dir: Path = typer.Option(
            ..., "--out", "-o", help="Folder to write into.", file_okay=False, metavar="DIR"
        ),
        dataset: list[str] | None = typer.Option(
            None, "--dataset", "-d", help="Only this dataset (repeatable).", metavar="NAME"
        ),
        setting: list[str] | None = setting_option(),
    ) -> None:
        from percae_core.trackers.export import export_study

        folder = out_dir.expanduser()
        outcome = export_study(
            STATE.home,
            spec.name,
            folder,
            dataset_filter(dataset),
            setting or None,
        )
        for note in outcome.notes:
            show_warning(note)
        for run in outcome.runs:
            out.print(run, soft_wrap=True)
        show_info(
            f"Wrote {len(outcome.runs)} {spec.title} run(s) to {folder}, {outcome.replaced} of "
            f"them replacing an earlier export ({REPLACE_NOTE})."
        )

    export.__doc__ = f"Write the finished cells as {spec.title} runs into --out."
    return export


def register(root: typer.Typer) -> None:
    for name, spec in TRACKERS.items():
        app.command(name)(_command(spec))
    root.add_typer(app, name="export")
