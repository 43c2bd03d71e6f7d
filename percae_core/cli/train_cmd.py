"""`percae train`: fit one autoencoder (resumable) and say how it went.

What is fitted, on which data, with which loss network, and where its checkpoint lives is decided
in `runner/train_one.py`, shared with the studies; this command only shows it. Running the same
command again resumes an interrupted fit or reports the finished one without retraining.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from percae_core.cli.console import err, out, show_warning
from percae_core.cli.context import STATE
from percae_core.cli.options import batch_size_option, finite_option, seed_option
from percae_core.cli.progress import RichProgress
from percae_core.cli.setting_options import distance_option, geometry_option, input_norm_option
from percae_core.cli.termination import sigterm_as_interrupt
from percae_core.models.variants import DEFAULT_GAMMA, list_variants
from percae_core.profiles import list_profiles

if TYPE_CHECKING:
    from percae_core.training.fit import FitResult


def _summary(result: FitResult) -> Table:
    config = result.config
    table = Table(title=f"Autoencoder {config.describe()}", show_header=False, title_justify="left")
    if result.reused:
        status = "already trained: reused, nothing retrained (--restart trains it again)"
    else:
        status = "stopped early" if result.stopped_early else "finished"
        status += " (resumed from its checkpoint)" if result.resumed else ""
    table.add_row("status", status)
    table.add_row(
        "epochs", f"{result.epochs_run} of {config.epochs} (best: epoch {result.best_epoch})"
    )
    table.add_row("best val loss", f"{result.best_val_loss:.6g}")
    parts = f"reconstruction {result.final_rec:.6g}"
    if config.variant.variational:
        parts += f", KLD {result.final_kld:.6g} (x gamma {config.gamma:g})"
    table.add_row("loss parts", parts)
    table.add_row(
        "training time",
        f"{result.seconds:.1f} s ({result.images_per_s:,.0f} img/s) on {result.device}",
    )
    table.add_row("precision", result.precision or "not recorded")
    return table


def train(
    dataset: str = typer.Option(
        ..., "--dataset", "-d", help="Dataset: lunarlander, stl10 or svhn."
    ),
    variant: str = typer.Option(..., "--variant", help=f"One of: {', '.join(list_variants())}."),
    z: int = typer.Option(..., "--z", help="Latent size."),
    epochs: int | None = typer.Option(None, "--epochs", help="Epochs (default: the profile's)."),
    batch_size: int | None = batch_size_option("Batch size (default: the profile's)."),
    profile: str = typer.Option(
        "quick", "--profile", "-p", help=f"Data size and defaults: {', '.join(list_profiles())}."
    ),
    loss_net: str | None = typer.Option(
        None,
        "--loss-net",
        help="Perceptual loss network (default alexnet; smoke/quick fall "
        "back to alexnet-random offline).",
    ),
    gamma: float = finite_option(DEFAULT_GAMMA, "--gamma", help="KLD weight of the VAEs."),
    seed: int = seed_option("Seed of the initial weights, shuffling and sampling."),
    device: str = typer.Option("auto", "--device", help="auto, cpu or cuda."),
    precision: str = typer.Option(
        "auto",
        "--precision",
        help="Training precision: fp32, bf16 (the autoencoder under bf16 autocast; the loss "
        "network always fp32) or auto (bf16 where the device has native bf16).",
    ),
    distance: str | None = distance_option(),
    input_norm: str | None = input_norm_option(),
    geometry: str = geometry_option(),
    restart: bool = typer.Option(
        False,
        "--restart",
        help="Discard an existing checkpoint of this configuration and train from scratch.",
    ),
) -> None:
    """Train one autoencoder with early stopping; Ctrl-C keeps finished epochs (rerun to resume)."""
    from percae_core.runner.train_one import TrainRequest, prepare_training, run_training

    request = TrainRequest(
        dataset=dataset,
        variant=variant,
        z=z,
        profile=profile,
        epochs=epochs,
        batch_size=batch_size,
        loss_net=loss_net,
        gamma=gamma,
        seed=seed,
        device=device,
        precision=precision,
        distance=distance,
        input_norm=input_norm,
        geometry=geometry,
    )
    with sigterm_as_interrupt(), RichProgress() as progress:
        prepared = prepare_training(request, STATE.home, progress)
        if prepared.warning:
            show_warning(prepared.warning)
        result = run_training(prepared, restart=restart, on_event=progress)
    out.print(_summary(result))
    out.print(f"checkpoint: {result.checkpoint}", soft_wrap=True)
    if prepared.warning:
        show_warning(prepared.warning)
    parts = prepared.parts
    err.print(
        f"{len(parts.ae_train):,} training and {len(parts.ae_val):,} validation images "
        f"({prepared.title}, {prepared.profile.name} profile)."
    )


def register(app: typer.Typer) -> None:
    app.command("train")(train)
