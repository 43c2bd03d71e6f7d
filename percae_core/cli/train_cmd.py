"""`percae train`: fit one autoencoder (resumable) and say how it went.

The checkpoint lives under ``<home>/runs/train/<fingerprint>/checkpoint.pt``: running the same
command again resumes an interrupted fit or reports the finished one without retraining.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from percae_core.cli.console import err, out, show_warning
from percae_core.cli.context import STATE
from percae_core.cli.progress import RichProgress
from percae_core.models.variants import DEFAULT_GAMMA, get_variant, list_variants
from percae_core.profiles import get_profile, list_profiles

if TYPE_CHECKING:
    from percae_core.training import FitResult


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
    batch_size: int | None = typer.Option(
        None, "--batch-size", help="Batch size (default: the profile's)."
    ),
    profile: str = typer.Option(
        "quick", "--profile", "-p", help=f"Data size and defaults: {', '.join(list_profiles())}."
    ),
    loss_net: str | None = typer.Option(
        None,
        "--loss-net",
        help="Perceptual loss network (default alexnet; smoke/quick fall "
        "back to alexnet-random offline).",
    ),
    gamma: float = typer.Option(DEFAULT_GAMMA, "--gamma", help="KLD weight of the VAEs."),
    seed: int = typer.Option(
        0, "--seed", help="Seed of the initial weights, shuffling and sampling."
    ),
    device: str = typer.Option("auto", "--device", help="auto, cpu or cuda."),
    precision: str = typer.Option(
        "auto",
        "--precision",
        help="Training precision: fp32, bf16 (the autoencoder under bf16 autocast; the loss "
        "network always fp32) or auto (bf16 where the device has native bf16).",
    ),
    restart: bool = typer.Option(
        False,
        "--restart",
        help="Discard an existing checkpoint of this configuration and train from scratch.",
    ),
) -> None:
    """Train one autoencoder with early stopping; Ctrl-C keeps finished epochs (rerun to resume)."""
    from percae_core.data.registry import get_dataset
    from percae_core.models.loss_networks import choose_loss_network
    from percae_core.training import FitConfig, fit_autoencoder
    from percae_core.training.device import resolve_device
    from percae_core.training.fit import data_signature
    from percae_core.training.precision import check_precision, resolve_precision

    spec = get_dataset(dataset)
    chosen = get_variant(variant)
    study = get_profile(profile)
    check_precision(precision)
    config = FitConfig(  # checks every flag before any data is loaded
        variant=chosen,
        z=z,
        input_size=spec.image_size,
        epochs=study.ae_epochs if epochs is None else epochs,
        batch_size=study.batch_size if batch_size is None else batch_size,
        gamma=gamma,
        seed=seed,
        device=device,
        loss_net=(loss_net or "alexnet") if chosen.perceptual else None,
    )
    # a missing GPU is reported before any data is loaded
    config = dataclasses.replace(
        config, precision=resolve_precision(precision, resolve_device(device))
    )
    home = STATE.home.ensure()
    scale = study.scale(spec.name)
    warning = None
    with RichProgress() as progress:
        parts = spec.load_parts(home, scale, progress)  # renders LunarLander when missing
        network = None
        if chosen.perceptual:
            choice = choose_loss_network(
                loss_net,
                pretrained_required=study.pretrained_required,
                seed=seed,
                on_event=progress,
            )
            network, warning = choice.network, choice.warning
            config = dataclasses.replace(config, loss_net=choice.name)
        if warning:
            show_warning(warning)
        signature = data_signature(parts.ae_train, parts.ae_val)
        config = dataclasses.replace(
            config,
            tile=parts.tile,
            data_id=f"{spec.name}:{parts.meta.get('checksum', '')}:{signature['rows']}",
        )
        checkpoint = home.runs / "train" / config.fingerprint() / "checkpoint.pt"
        run = f"{spec.name} {config.describe()}"
        result = fit_autoencoder(
            parts.ae_train,
            parts.ae_val,
            config,
            loss_network=network,
            checkpoint=checkpoint,
            run=run,
            on_event=progress,
            restart=restart,
        )
    out.print(_summary(result))
    out.print(f"checkpoint: {result.checkpoint}", soft_wrap=True)
    if warning:
        show_warning(warning)
    err.print(
        f"{len(parts.ae_train):,} training and {len(parts.ae_val):,} validation images "
        f"({spec.title}, {study.name} profile)."
    )


def register(app: typer.Typer) -> None:
    app.command("train")(train)
