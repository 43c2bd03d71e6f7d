"""`percae bench`: run the study (dataset x z x variant x repeat) and record every result."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from percae_core.cli.console import err, out, show_warning
from percae_core.cli.context import STATE
from percae_core.cli.progress import RichProgress
from percae_core.cli.registry_help import registry_help
from percae_core.data.catalog import list_datasets
from percae_core.errors import DataMissingError
from percae_core.models.variants import (
    DEFAULT_GAMMA,
    list_variants,
    parse_variants,
    perceptual_variants,
)
from percae_core.profiles import list_profiles

if TYPE_CHECKING:
    from percae_core.runner.bench import BenchOutcome
    from percae_core.runner.plan import Plan

EXIT_SKIPPED = 3


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


def _show_plan(plan: Plan, eta: float) -> None:
    table = Table(title="Study plan", show_header=False, title_justify="left")
    table.add_row("profile", f"{plan.profile.name} ({plan.profile.description})")
    table.add_row("datasets", ", ".join(s.name for s in plan.datasets) or "none")
    table.add_row("cells", f"{len(plan.cells)} (dataset x z x variant x repeat)")
    table.add_row(
        "epochs / batch",
        f"{plan.cells[0].epochs} / {plan.cells[0].batch_size}" if plan.cells else "-",
    )
    table.add_row("device", str(plan.device))
    table.add_row("loss network", plan.loss_net)
    table.add_row("ETA (rough)", _duration(eta))
    for name, why in plan.skipped.items():
        table.add_row(f"skipped: {name}", why)
    err.print(table)


def _show_summary(outcome: BenchOutcome) -> None:
    from percae_core.results.db import ResultsDB

    plan = outcome.plan
    with ResultsDB.open(STATE.home.database) as db:
        records = db.result_records()
    wanted = {(c.dataset, c.variant.name, c.z, c.seed, c.profile) for c in plan.cells}
    rows: dict[tuple, dict[str, object]] = {}
    for rec in records:
        key = (rec["dataset"], rec["variant"], rec["z"], rec["seed"], rec.get("profile"))
        if key not in wanted:
            continue
        if (
            rec.get("loss_net") not in (None, "none", plan.loss_net)
            and rec["variant"] in perceptual_variants()
        ):
            continue
        rows.setdefault(key, {})[rec["predictor"]] = rec["value"]
        if rec.get("train_seconds") is not None:
            rows[key]["seconds"] = rec["train_seconds"]
    table = Table(
        title=f"Results ({plan.profile.name} profile, loss network {plan.loss_net}, {plan.device})"
    )
    for col in ("dataset", "z", "variant", "seed", "MLP", "linear", "decoder L1", "train s"):
        table.add_column(col, justify="right" if col not in ("dataset", "variant") else "left")
    for (dataset, variant, z, seed, _), vals in sorted(rows.items(), key=lambda kv: kv[0][:4]):

        def fmt(v: object) -> str:
            return "-" if v is None else f"{float(v):.3g}"  # type: ignore[arg-type]

        table.add_row(
            dataset,
            str(z),
            variant,
            str(seed),
            fmt(vals.get("mlp")),
            fmt(vals.get("linear")),
            fmt(vals.get("decoder")),
            fmt(vals.get("seconds")),
        )
    out.print(table)
    out.print(
        "distance in pixels (lower is better) for LunarLander; accuracy (higher is better) otherwise. "
        "Full tables: `percae results --format markdown --compare-paper`."
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
    variants: str = typer.Option(
        ",".join(list_variants()), "--variants", help="Comma-separated variants."
    ),
    loss_net: str | None = typer.Option(
        None,
        "--loss-net",
        help="Perceptual loss network (default alexnet; "
        "smoke/quick fall back to alexnet-random offline).",
    ),
    seed: int = typer.Option(0, "--seed", help="Base seed; repeat r uses seed + r."),
    repeats: int = typer.Option(1, "--repeats", help="Independent repeats of every cell."),
    device: str = typer.Option("auto", "--device", help="auto, cpu or cuda."),
    gamma: float = typer.Option(DEFAULT_GAMMA, "--gamma", help="KLD weight of the VAEs."),
    epochs: int | None = typer.Option(
        None, "--epochs", help="Autoencoder epochs (default: the profile's)."
    ),
    batch_size: int | None = typer.Option(
        None, "--batch-size", help="Autoencoder batch size (default: the profile's)."
    ),
    onscreen: str = typer.Option(
        "paper",
        "--onscreen",
        help="LunarLander off-screen rule: paper (the paper's "
        "bounds) or exact (the rendered screen).",
    ),
) -> None:
    """Run the study: fit -> embed -> predictor grid -> decoder retraining for every cell."""
    from percae_core.results.db import ResultsDB
    from percae_core.runner.bench import plan_eta, prepare_plan, run_plan
    from percae_core.runner.plan import BenchRequest

    if all_datasets and dataset:
        raise typer.BadParameter("use either --all or --dataset, not both", param_hint="--all")
    request = BenchRequest(
        datasets=tuple(dataset or ()),
        profile=profile,
        z=tuple(z or ()),
        variants=tuple(v.name for v in parse_variants(variants)),
        loss_net=loss_net,
        seed=seed,
        repeats=repeats,
        device=device,
        gamma=gamma,
        epochs=epochs,
        batch_size=batch_size,
        onscreen=onscreen,
    )
    home = STATE.home.ensure()
    with RichProgress(transient=True) as progress:
        plan = prepare_plan(request, home, on_event=progress)
    with ResultsDB.open(home.database) as db:
        eta = plan_eta(plan, db)
    _show_plan(plan, eta)
    if plan.loss_warning:
        show_warning(plan.loss_warning)
    if not plan.cells:
        raise DataMissingError(
            "None of the requested datasets is available, so nothing ran.",
            hint=" ".join(plan.skipped.values()),
        )
    with RichProgress() as progress:
        outcome = run_plan(plan, home, on_event=progress)
    _show_summary(outcome)
    err.print(
        f"{outcome.ran} cells run, {outcome.reused} reused from earlier runs; results in {home.database}."
    )
    for warning in outcome.warnings:
        show_warning(warning)
    if plan.loss_warning:
        show_warning(plan.loss_warning)
    if plan.skipped:
        for name, why in plan.skipped.items():
            show_warning(f"{name} was skipped: {why}")
        raise typer.Exit(EXIT_SKIPPED)


def _loss_networks() -> list[str]:
    from percae_core.models.loss_networks import list_loss_networks

    return list_loss_networks()


def register(app: typer.Typer) -> None:
    help_lists = {"dataset": list_datasets, "variants": list_variants, "loss_net": _loss_networks}
    app.command("bench", cls=registry_help(help_lists))(bench)
