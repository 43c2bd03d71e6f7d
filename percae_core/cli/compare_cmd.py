"""`percae compare`: each perceptual variant against its pixel-wise twin, with an interval,
Holm's adjustment per table and a verdict (better, worse, unresolved).

With no results yet it says so on stderr, writes nothing and exits 0, like `percae results`.
"""

from __future__ import annotations

from pathlib import Path

import typer

from percae_core.cli.console import show_info
from percae_core.cli.context import STATE
from percae_core.cli.options import dataset_filter
from percae_core.errors import UsageError

FORMATS = ("markdown", "csv", "json")


def compare(
    format: str = typer.Option(
        "markdown", "--format", "-f", help="markdown, csv or json.", metavar="FORMAT"
    ),
    dataset: list[str] | None = typer.Option(
        None, "--dataset", "-d", help="Only this dataset (repeat for several).", metavar="NAME"
    ),
    setting: list[str] | None = typer.Option(
        None,
        "--setting",
        "-s",
        help="Only comparisons whose setting has this value, e.g. profile=smoke or "
        "loss_net=alexnet (repeat for several).",
        metavar="KEY=VALUE",
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write to FILE (atomically).", dir_okay=False, metavar="FILE"
    ),
    force: bool = typer.Option(False, "--force", help="Replace a read-only --out file too."),
) -> None:
    """Is the perceptual loss better? One verdict per variant, dataset, z and predictor."""
    from percae_core.results.comparison_export import (
        comparisons_csv,
        comparisons_json,
        comparisons_markdown,
    )
    from percae_core.results.comparisons import build_comparisons, run_scores_loader
    from percae_core.results.db import ResultsDB
    from percae_core.results.export_target import write_results

    chosen = format.strip().lower()
    if chosen not in FORMATS:
        raise UsageError(f"Unknown format {format!r}.", hint=f"Choose from: {', '.join(FORMATS)}.")
    wanted = _setting_filter(setting or [])
    names = dataset_filter(dataset)
    database = STATE.home.database
    records = []
    if database.exists():
        with ResultsDB.open(database) as db:
            records = db.cells.result_records(dataset=names)
    comparisons = [
        c
        for c in build_comparisons(records, run_scores_loader(STATE.home.runs))
        if all(str(getattr(c, key)) == value for key, value in wanted.items())
    ]
    if not comparisons:
        show_info(
            f"No comparisons in {STATE.home.root}: a perceptual variant and its pixel-wise twin "
            "must both be finished; run `percae bench --profile smoke` first."
        )
        return
    render = {"markdown": comparisons_markdown, "csv": comparisons_csv, "json": comparisons_json}
    text = render[chosen](comparisons)
    if out is None:
        typer.echo(text, nl=False)
    else:
        write_results(out, text, STATE.home, force=force)
        show_info(f"Wrote {len(comparisons)} comparisons ({chosen}) to {out}")


def _setting_filter(items: list[str]) -> dict[str, str]:
    from percae_core.results.settings import SETTING_KEYS

    wanted: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or key.strip() not in SETTING_KEYS:
            raise UsageError(
                f"Cannot read the setting {item!r}.",
                hint=f"Write KEY=VALUE with KEY one of: {', '.join(SETTING_KEYS)}.",
            )
        wanted[key.strip()] = value.strip()
    return wanted


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)
