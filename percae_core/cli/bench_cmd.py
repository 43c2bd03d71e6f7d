"""`percae bench`: run the study (dataset x z x variant x repeat) and record every result."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from percae_core.cli.console import err, out, show_info, show_warning
from percae_core.cli.context import STATE
from percae_core.cli.options import MAX_REPEATS, batch_size_option, finite_option, seed_option
from percae_core.cli.progress import RichProgress
from percae_core.cli.registry_help import Choices, registry_help
from percae_core.cli.setting_options import distance_option, geometry_option, input_norm_option
from percae_core.cli.study_options import json_option, plan_option, study_option
from percae_core.cli.termination import sigterm_as_interrupt
from percae_core.data.catalog import list_datasets
from percae_core.errors import DataMissingError
from percae_core.events import EventSink
from percae_core.models.variants import (
    DEFAULT_GAMMA,
    VARIANTS,
    list_variants,
    parse_variants,
)
from percae_core.profiles import list_profiles
from percae_core.quantities import duration
from percae_core.studies import STUDIES
from percae_core.trackers.registry import get_tracker, list_trackers

if TYPE_CHECKING:
    from percae_core.runner.bench import BenchOutcome
    from percae_core.runner.eta import Estimate
    from percae_core.runner.plan import BenchRequest, Plan

EXIT_SKIPPED = 3


def _show_plan(plan: Plan, eta: Estimate) -> None:
    table = Table(title="Study plan", show_header=False, title_justify="left")
    table.add_row("study", plan.request.study)
    table.add_row("profile", f"{plan.profile.name} ({plan.profile.description})")
    table.add_row("datasets", ", ".join(s.name for s in plan.datasets) or "none")
    table.add_row("cells", f"{len(plan.cells)} (dataset x z x variant x repeat)")
    table.add_row(
        "epochs / batch",
        f"{plan.cells[0].epochs} / {plan.cells[0].batch_size}" if plan.cells else "-",
    )
    table.add_row("device", str(plan.device))
    if plan.request.executor.name != "local":
        table.add_row("executor", plan.request.executor.name)
    table.add_row("precision", plan.cells[0].precision if plan.cells else "-")
    table.add_row("loss network", plan.loss_net)
    table.add_row("ETA", eta.text(duration(eta.seconds)))
    for name, why in plan.skipped.items():
        table.add_row(f"skipped: {name}", why)
    err.print(table)


def _show_summary(outcome: BenchOutcome) -> None:
    """This study's cells only (by identity, so no other setting joins them), one row each, in
    the tables' order and with their number formats."""
    from percae_core.evaluation.metric_registry import metric_caption
    from percae_core.results.cell_summary import cell_summary_rows
    from percae_core.results.db import ResultsDB
    from percae_core.results.settings import SETTING_KEYS, is_default, value_text
    from percae_core.stats.notes import repeats_note

    plan = outcome.plan
    with ResultsDB.open(STATE.home.database) as db:
        records = db.cells.result_records()
    wanted = {c.config_hash for c in plan.cells}
    sweep = "," in plan.loss_net
    setting = ""
    if plan.cells:
        values = plan.cells[0].config()
        values["loss_net"] = plan.loss_net
        values["gamma"] = plan.request.gamma
        values.update(
            distance=plan.request.distance,
            input_norm=plan.request.input_norm,
            geometry=plan.request.geometry,
        )
        setting = ", ".join(
            value_text(k, values.get(k))
            for k in SETTING_KEYS
            if k not in ("profile", "onscreen") and not is_default(k, values)
        )
    table = Table(title=f"Results ({plan.profile.name} profile, {setting}, {plan.device})")
    for col in ("dataset", "z", "variant", "seed", "MLP", "linear", "decoder L1", "train s"):
        table.add_column(col, justify="right" if col not in ("dataset", "variant") else "left")
    for row in cell_summary_rows(records, wanted):
        net = f" [{row.loss_net}]" if sweep and row.loss_net not in (None, "none") else ""
        table.add_row(
            row.dataset,
            str(row.z),
            (VARIANTS[row.variant].title if row.variant in VARIANTS else row.variant) + net,
            f"{row.seed} rep {row.repeat}" if row.repeat else str(row.seed),
            row.values.get("mlp", "-"),
            row.values.get("linear", "-"),
            row.values.get("decoder", "-"),
            "-" if row.train_seconds is None else f"{row.train_seconds:.1f}",
        )
    out.print(table)
    metrics = dict.fromkeys(
        r["metric"] for r in records if r["config_hash"] in wanted and r["predictor"] != "decoder"
    )
    per_cell: dict[tuple, set] = {}
    for row in cell_summary_rows(records, wanted):
        per_cell.setdefault((row.dataset, row.variant, row.z, row.loss_net), set()).add(
            (row.seed, row.repeat)
        )
    out.print(repeats_note([len(runs) for runs in per_cell.values()]))
    out.print(
        "; ".join(metric_caption(m) for m in metrics)
        + ". Full tables: `percae results --format markdown --compare-paper`."
    )


def bench(
    all_datasets: bool = typer.Option(
        False, "--all", help="Every dataset (the default when no --dataset is given)."
    ),
    dataset: list[str] | None = typer.Option(
        None, "--dataset", "-d", help="Dataset to run (repeatable)."
    ),
    profile: str = typer.Option(
        "quick", "--profile", "-p", help=f"Study size: {', '.join(list_profiles())}."
    ),
    z: list[int] | None = typer.Option(
        None, "--z", help="Latent size (repeatable). Default: the profile's."
    ),
    study: str = study_option(),
    plan_only: bool = plan_option(),
    as_json: bool = json_option(),
    variants: str | None = typer.Option(
        None, "--variants", help="Comma-separated variants (default: the study's)."
    ),
    loss_net: str | None = typer.Option(
        None,
        "--loss-net",
        help="Perceptual loss network, or several comma-separated to compare them (a cell per "
        "network for pae/pvae; default: the study's, alexnet for pihlgren2020, where smoke/quick "
        "fall back to alexnet-random offline).",
    ),
    seed: int = seed_option("Base seed; each repeat's randomness comes from (seed, repeat)."),
    repeats: int = typer.Option(
        1,
        "--repeats",
        min=1,
        max=MAX_REPEATS,
        help=f"Independent repeats of every cell (1 to {MAX_REPEATS}).",
    ),
    device: str = typer.Option("auto", "--device", help="auto, cpu or cuda."),
    gamma: float | None = finite_option(
        None, "--gamma", help=f"KLD weight of the VAEs (default: the study's, {DEFAULT_GAMMA})."
    ),
    epochs: int | None = typer.Option(
        None, "--epochs", help="Autoencoder epochs (default: the profile's)."
    ),
    batch_size: int | None = batch_size_option("Autoencoder batch size (default: the profile's)."),
    onscreen: str = typer.Option(
        "paper",
        "--onscreen",
        help="LunarLander off-screen rule: paper (the paper's "
        "bounds) or exact (the rendered screen).",
    ),
    recompute: list[str] | None = typer.Option(
        None,
        "--recompute",
        help="Delete this cell's files and compute it again (its config hash, as shown in "
        "messages; repeatable). Use it for a damaged checkpoint or decoder.",
        metavar="CELL",
    ),
    executor: str = typer.Option(
        "local",
        "--executor",
        help="local (cells one after another in this process) or ray (a Ray task per cell).",
    ),
    ray_address: str | None = typer.Option(
        None,
        "--ray-address",
        help="Ray only: default starts Ray on this machine; `auto` joins this node's cluster; "
        "HOST:PORT a given head.",
    ),
    gpus_per_cell: float | None = typer.Option(
        None,
        "--gpus-per-cell",
        help="Ray only: GPUs per cell, fractions pack cells on a GPU (default 1 where GPUs "
        "exist, else 0).",
    ),
    cpus_per_cell: int = typer.Option(
        1, "--cpus-per-cell", help="CPU cores (and torch threads) per cell with --executor ray."
    ),
    max_concurrent: int | None = typer.Option(
        None,
        "--max-concurrent",
        help="Ray only: at most this many cells at once (default: as many as resources allow).",
    ),
    fail_fast: bool = typer.Option(
        False,
        "--fail-fast",
        help="Stop the study at the first failed cell (default: go on with the other cells, "
        "report every failure at the end and exit 1).",
    ),
    precision: str = typer.Option(
        "auto",
        "--precision",
        help="Training precision: fp32, bf16 (autoencoders under bf16 autocast; the loss network "
        "always fp32) or auto (bf16 where the device has native bf16). Recorded with each cell.",
    ),
    distance: str | None = distance_option(),
    input_norm: str | None = input_norm_option(),
    geometry: str | None = geometry_option(None),
    track: str | None = typer.Option(
        None,
        "--track",
        help="Also write this experiment tracker live while the study runs: "
        f"{', '.join(list_trackers())} (`percae export NAME` writes one after the fact).",
        metavar="NAME",
    ),
    track_dir: Path | None = typer.Option(
        None,
        "--track-dir",
        help="Folder for --track (default: HOME/trackers/NAME).",
        file_okay=False,
        metavar="DIR",
    ),
) -> None:
    """Run the study: fit -> embed -> predictor grid -> decoder retraining for every cell.

    A cell that fails is marked failed and the other cells go on; every failure is reported at the end and the exit code is 1 (--fail-fast stops at the first). Ctrl-C or a pause marks only the running cells interrupted; finished cells stay done. The same command again skips finished cells and resumes the rest.
    """
    from percae_core.results.db import ResultsDB
    from percae_core.runner.bench import plan_estimate, prepare_plan, run_plan
    from percae_core.runner.executors.options import ExecutorOptions
    from percae_core.runner.plan import BenchRequest, resolved_request
    from percae_core.runner.recompute import forget_cells

    _check_flags(all_datasets and bool(dataset), as_json, plan_only, track)
    request = BenchRequest(
        study=study,
        datasets=tuple(dataset or ()),
        profile=profile,
        z=tuple(z or ()),
        variants=tuple(v.name for v in parse_variants(variants)) if variants else (),
        loss_net=loss_net,
        seed=seed,
        repeats=repeats,
        device=device,
        gamma=gamma,
        epochs=epochs,
        batch_size=batch_size,
        onscreen=onscreen,
        executor=ExecutorOptions(
            name=executor,
            ray_address=ray_address,
            gpus_per_cell=gpus_per_cell,
            cpus_per_cell=cpus_per_cell,
            max_concurrent=max_concurrent,
            fail_fast=fail_fast,
        ),
        precision=precision,
        distance=distance,
        input_norm=input_norm,
        geometry=geometry,
    )
    if plan_only:
        _print_plan(request, as_json)
        return
    request = resolved_request(request)  # a study's usage errors before the home is made
    home = STATE.home.ensure()
    with sigterm_as_interrupt(), RichProgress(transient=True) as progress:
        plan = prepare_plan(request, home, on_event=progress)
    with ResultsDB.open(home.database) as db:
        for cell in forget_cells(plan, recompute or [], home, db):
            show_info(
                f"{cell.label} ({cell.config_hash}): its files were deleted; computing it again."
            )
        eta = plan_estimate(plan, db)
    _show_plan(plan, eta)
    if plan.loss_warning:
        show_warning(plan.loss_warning)
    if not plan.cells:
        raise DataMissingError(
            "None of the requested datasets is available, so nothing ran.",
            hint=" ".join(plan.skipped.values()),
        )
    with (
        sigterm_as_interrupt(),
        RichProgress() as progress,
        _tracking(track, track_dir, plan, progress) as sink,
    ):
        outcome = run_plan(plan, home, on_event=sink)
    _show_summary(outcome)
    err.print(
        f"{outcome.ran} cells run, {outcome.reused} reused from earlier runs; results in {home.database}."
    )
    if outcome.warnings:
        count = len(outcome.warnings)
        err.print(
            f"{count} diagnostic warning{'s' if count != 1 else ''} above; they are also in "
            "the diagnostics table of `percae results`."
        )
    if plan.loss_warning:  # repeated on purpose: the start has scrolled away by now
        show_warning(plan.loss_warning)
    if plan.skipped:
        for name, why in plan.skipped.items():
            show_warning(f"{name} was skipped: {why}")
        raise typer.Exit(EXIT_SKIPPED)


def _check_flags(all_and_dataset: bool, as_json: bool, plan_only: bool, track: str | None) -> None:
    if all_and_dataset:
        raise typer.BadParameter("use either --all or --dataset, not both", param_hint="--all")
    if as_json and not plan_only:
        raise typer.BadParameter("--json only goes with --plan", param_hint="--json")
    if track is not None and not plan_only:
        get_tracker(track).require()  # before any work: a clear message when it is missing


def _print_plan(request: BenchRequest, as_json: bool) -> None:
    """``--plan``: the cells and the ETA, nothing computed or written (`runner/plan_preview.py`)."""
    from percae_core.cli.bench_plan import print_plan_json, show_plan_preview
    from percae_core.runner.plan_preview import preview_plan

    preview = preview_plan(request, STATE.home)
    if as_json:
        print_plan_json(preview)
    else:
        show_plan_preview(preview)


@contextmanager
def _tracking(
    track: str | None, track_dir: Path | None, plan: Plan, progress: EventSink
) -> Iterator[EventSink]:
    """``progress``, or a sink that also writes ``track`` live (closed at the end)."""
    if track is None:
        yield progress
        return
    from percae_core.trackers.cell_data import TrackedCell
    from percae_core.trackers.live import live_tracking

    name = get_tracker(track).name
    folder = (track_dir or STATE.home.root / "trackers" / name).expanduser()
    cells = [TrackedCell.of_plan_cell(cell) for cell in plan.cells]
    sink = live_tracking(name, folder, STATE.home, cells, progress)
    show_info(f"Writing {name} live to {folder}.")
    try:
        yield sink
    finally:
        sink.close()


def _loss_networks() -> str:
    from percae_core.cli.loss_net_names import loss_network_choices

    return loss_network_choices()


def _study_help() -> str:
    """The registered studies with their titles, for `--study`'s help."""
    return "One of: " + "; ".join(f"{s.name} ({s.citation})" for s in STUDIES.values()) + "."


def register(app: typer.Typer) -> None:
    help_lists: dict[str, Choices] = {
        "study": _study_help,
        "dataset": list_datasets,
        "variants": list_variants,
        "loss_net": _loss_networks,
    }
    app.command("bench", cls=registry_help(help_lists))(bench)
