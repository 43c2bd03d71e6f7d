"""`percae results`: the paper's tables from the results database, as Markdown, CSV or JSON.

With no results yet (no database, or nothing matching the filters) it says so on stderr, writes
nothing and exits 0: an empty study is not an error. An unknown format or dataset exits 2.
"""

from __future__ import annotations

from pathlib import Path

import typer

from percae_core.cli.console import show_info
from percae_core.cli.context import STATE
from percae_core.cli.options import dataset_filter, force_option, loss_net_filter, profile_filter
from percae_core.cli.terminal_output import print_results
from percae_core.errors import UsageError
from percae_core.evaluation.metric_registry import find_metric
from percae_core.results.comparisons import run_scores_loader
from percae_core.results.db import ResultsDB
from percae_core.results.export import render_csv, render_json, render_markdown
from percae_core.results.export_target import write_results
from percae_core.results.paper import paper_tables
from percae_core.results.tables import build_report

FORMATS = ("markdown", "csv", "json")
_NO_RESULTS_HINT = "run `percae bench --dataset NAME --profile smoke` (or --all) first."


def results(
    format: str = typer.Option(
        "markdown",
        "--format",
        "-f",
        help="markdown (the paper's tables), csv or json "
        "(one record per predictor / decoder result).",
        metavar="FORMAT",
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        help="Write to FILE (atomically) instead of standard output.",
        dir_okay=False,
        metavar="FILE",
    ),
    dataset: list[str] | None = typer.Option(
        None,
        "--dataset",
        "-d",
        help="Only this dataset (repeat the flag for several).",
        metavar="NAME",
    ),
    loss_net: str | None = typer.Option(
        None,
        "--loss-net",
        help="Only studies with this loss network (e.g. alexnet).",
        metavar="NAME",
    ),
    profile: str | None = typer.Option(
        None,
        "--profile",
        help="Only runs of this profile (smoke, quick, paper).",
        metavar="NAME",
    ),
    force: bool = force_option(),
    compare_paper: bool = typer.Option(
        False,
        "--compare-paper",
        help="Put the paper's value beside each cell (Markdown) or "
        "add a paper_value field (CSV, JSON; same unit as value).",
    ),
) -> None:
    """Show the results: Tables II-VIII of the paper, overhead, baselines and diagnostics.

    Prints nothing and exits 0 (with a note on stderr) when there are no results yet.
    """
    chosen_format = format.strip().lower()
    if chosen_format not in FORMATS:
        raise UsageError(f"Unknown format {format!r}.", hint=f"Choose from: {', '.join(FORMATS)}.")
    database = STATE.home.database
    if not database.exists():
        _check_filters([], dataset, profile, loss_net)  # a typo is bad usage, results or not
        show_info(f"No results yet in {STATE.home.root}; {_NO_RESULTS_HINT}")
        return
    with ResultsDB.open(database) as db:
        records = db.cells.result_records()
        autoencoders = db.cells.autoencoder_records()
        datasets, profile, loss_net = _check_filters(
            records + autoencoders, dataset, profile, loss_net
        )
        if chosen_format == "markdown":
            sections = build_report(
                db,
                datasets=datasets,
                loss_net=loss_net,
                profile=profile,
                compare_paper=compare_paper,
                scores=run_scores_loader(STATE.home.runs),
            )
            text = render_markdown(sections) if sections else ""
            count = sum(len(section.tables) for section in sections)
            what = f"{count} table{'s' if count != 1 else ''}"
        else:
            chosen = _filtered(db.cells.result_records(dataset=datasets, profile=profile), loss_net)
            if compare_paper:
                chosen = [_with_paper_value(record) for record in chosen]
            text = (render_csv if chosen_format == "csv" else render_json)(chosen) if chosen else ""
            what = f"{len(chosen)} record{'s' if len(chosen) != 1 else ''}"
    if not text:
        show_info(
            f"No results match these filters in {database}; {_NO_RESULTS_HINT}"
            if (dataset or loss_net or profile)
            else f"No results yet in {database}; {_NO_RESULTS_HINT}"
        )
        return
    if out is None:
        print_results(text, markdown=chosen_format == "markdown")
    else:
        write_results(out, text, STATE.home, force=force)
        show_info(f"Wrote {what} ({chosen_format}) to {out}")


def _check_filters(
    records: list[dict], datasets: list[str] | None, profile: str | None, loss_net: str | None
) -> tuple[list[str] | None, str | None, str | None]:
    """The filters, validated (`cli/options.py`): names percae knows or found in the database."""
    return (
        dataset_filter(datasets, (str(r["dataset"]) for r in records)),
        profile_filter(profile, (str(r["profile"]) for r in records if r.get("profile"))),
        loss_net_filter(loss_net, (str(r["loss_net"]) for r in records if r.get("loss_net"))),
    )


def _filtered(records: list[dict], loss_net: str | None) -> list[dict]:
    """Records of one loss network, plus pixel-wise ones stored without a loss network."""
    if loss_net is None:
        return records
    return [r for r in records if r.get("loss_net") in (loss_net, None)]


def _with_paper_value(record: dict) -> dict:
    paper = paper_tables()
    value = None
    if record["predictor"] != "decoder":
        value = paper.value(record["dataset"], record["predictor"], record["z"], record["variant"])
        info = find_metric(record["metric"])
        if value is not None and info is not None and info.percent:
            value /= 100.0
    return {**record, "paper_value": value}
