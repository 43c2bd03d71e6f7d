"""`percae rank`: which loss network gives the most useful embeddings, per dataset and predictor,
with Spearman correlations of the score against ImageNet top-1 and layer depth.

No results, or no setting with two loss networks: a message saying how to make them, exit 1.
An unknown format or dataset: exit 2.
"""

from __future__ import annotations

from pathlib import Path

import typer

from percae_core.cli.console import show_info
from percae_core.cli.context import STATE
from percae_core.cli.options import force_option
from percae_core.errors import PercaeError, UsageError

FORMATS = ("markdown", "csv", "json")
_HOW = (
    "Run the loss-network study first, e.g. `percae bench --study loss-networks --profile smoke`, "
    "or any `percae bench` with two or more --loss-net values."
)


def rank(
    format: str = typer.Option(
        "markdown", "--format", "-f", help="markdown, csv or json.", metavar="FORMAT"
    ),
    dataset: list[str] | None = typer.Option(
        None, "--dataset", "-d", help="Only this dataset (repeat for several).", metavar="NAME"
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write to FILE (atomically).", dir_okay=False, metavar="FILE"
    ),
    force: bool = force_option(),
) -> None:
    """Which loss network? Networks ranked by test score, with Spearman correlations."""
    from percae_core.data.catalog import list_datasets
    from percae_core.results.comparisons import run_scores_loader
    from percae_core.results.db import ResultsDB
    from percae_core.results.export_target import write_results
    from percae_core.results.loss_net_rank import build_rankings
    from percae_core.results.loss_net_rank_export import (
        rankings_csv,
        rankings_json,
        rankings_markdown,
    )

    chosen = format.strip().lower()
    if chosen not in FORMATS:
        raise UsageError(f"Unknown format {format!r}.", hint=f"Choose from: {', '.join(FORMATS)}.")
    names = [name.strip().lower() for name in dataset or []]
    known = list_datasets()
    for name in names:
        if name not in known:
            raise UsageError(f"Unknown dataset {name!r}.", hint=f"Choose from: {', '.join(known)}.")
    database = STATE.home.database
    if not database.exists():
        raise PercaeError(f"No results yet in {STATE.home.root}.", hint=_HOW)
    with ResultsDB.open(database) as db:
        records = db.cells.result_records(dataset=names or None)
    rankings = build_rankings(records, run_scores_loader(STATE.home.runs))
    if not rankings:
        where = f" for {', '.join(names)}" if names else ""
        raise PercaeError(
            f"No loss-network comparison{where} in {database}: no setting has finished "
            "perceptual cells of two or more loss networks.",
            hint=_HOW,
        )
    render = {"markdown": rankings_markdown, "csv": rankings_csv, "json": rankings_json}
    text = render[chosen](rankings)
    if out is None:
        typer.echo(text, nl=False)
    else:
        write_results(out, text, STATE.home, force=force)
        show_info(f"Wrote {len(rankings)} rankings ({chosen}) to {out}")


def register(app: typer.Typer) -> None:
    app.command("rank")(rank)
