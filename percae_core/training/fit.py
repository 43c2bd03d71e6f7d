"""The autoencoder training loop: Adam, early stopping, best weights, a checkpoint every epoch.

`fit_autoencoder` knows the model, the data and the objective; progress leaves it only as events.
Every epoch ends with an atomic checkpoint holding everything the next epoch depends on (weights,
Adam's moments, RNG states, best weights, early-stopping counter, history, time spent), and
epoch orders are derived from (seed, epoch), so a fit stopped at any point (Ctrl-C, kill, power
loss) and run again ends with exactly the weights an uninterrupted fit would have (on the CPU
with the same number of threads; GPU kernels are not bit-reproducible). Validation runs under
no_grad (no backward pass) and, for VAEs, uses mu. What a checkpoint holds: `fit_record.py`.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from pathlib import Path

import torch

from percae_core.data.parts import Split
from percae_core.errors import Interrupted, PercaeError, UsageError
from percae_core.events import (
    BatchFinished,
    EpochFinished,
    EventSink,
    FitFinished,
    FitStarted,
    Notice,
    ignore_events,
)
from percae_core.models.autoencoder import ConvAutoencoder
from percae_core.models.loss_networks import LossNetwork
from percae_core.training.batches import ImageBatches, epoch_order
from percae_core.training.checkpoint import save_checkpoint
from percae_core.training.config import FitConfig
from percae_core.training.device import (
    configure_cpu_threads,
    out_of_memory_error,
    resolve_device,
    synchronize,
)
from percae_core.training.fit_record import (
    FitProgress,
    FitResult,
    checkpoint_state,
    data_signature,
    fit_result,
    load_trained_autoencoder,
    open_checkpoint,
)
from percae_core.training.reconstruction_loss import ReconstructionLoss
from percae_core.training.speed import SpeedSettings, resolve_speed
from percae_core.training.train_step import build_train_step, frozen_loss_network

__all__ = ["FitResult", "data_signature", "fit_autoencoder", "load_trained_autoencoder"]

BATCH_LOSS_REFRESH_S = 0.5


class _StopRequested(Exception):
    pass


def _check_loss_network(loss_network: LossNetwork | None, config: FitConfig) -> None:
    """A result is labelled with ``config.loss_net``: the network given must be that one."""
    name = getattr(loss_network, "name", None)
    if config.variant.perceptual and name is not None and name != config.loss_net:
        raise UsageError(
            f"The loss network given ({name}) is not the one configured ({config.loss_net}).",
            hint="Build the loss network from the configuration's loss_net name.",
        )


def _check_data(train: Split, val: Split, config: FitConfig) -> None:
    for name, split in (("training", train), ("validation", val)):
        if len(split) == 0:
            raise UsageError(
                f"The autoencoder's {name} split is empty.",
                hint="Prepare more data (a larger profile or more rollouts).",
            )
    height, width = train.images.shape[2:]
    got = (height * config.tile, width * config.tile)
    if got != tuple(config.input_size):
        raise UsageError(
            f"The images are {height}x{width} (x{config.tile} tiling = {got[0]}x{got[1]}) but "
            f"the autoencoder was configured for {config.input_size[0]}x{config.input_size[1]}.",
            hint="Set the input size to the dataset's image size times its tiling.",
        )


def diverged_error(run: str, loss: float, epoch: int, config: FitConfig) -> PercaeError:
    """The message for a loss that became nan or inf, naming what most often causes it."""
    cause = (
        f" with the KLD weight --gamma {config.gamma:g}"
        if config.variant.variational and config.gamma > 1
        else ""
    )
    return PercaeError(
        f"Training {run} diverged{cause}: the loss became {loss} in epoch {epoch}. The "
        "checkpoint of the epoch before is kept.",
        hint="Run it again with a smaller --gamma (the paper's is 0.01), another --seed or "
        "--precision fp32; each of these is a new cell, so nothing finished is lost.",
    )


def _history_row(
    epoch: int,
    train_loss: float,
    val: list[float],
    seconds: float,
    train_seconds: float,
    images: int,
) -> dict[str, float]:
    return {
        "epoch": epoch,
        "train_loss": train_loss,
        "val_loss": val[0],
        "rec": val[1],
        "kld": val[2],
        "seconds": seconds,
        "train_seconds": train_seconds,
        "images_per_s": images / train_seconds if train_seconds > 0 else 0.0,
    }


def fit_autoencoder(
    train: Split,
    val: Split,
    config: FitConfig,
    *,
    loss_network: LossNetwork | None,
    checkpoint: Path,
    run: str,
    on_event: EventSink = ignore_events,
    restart: bool = False,
    should_stop: Callable[[], bool] | None = None,
    speed: SpeedSettings = SpeedSettings(),
) -> FitResult:
    """Train (or resume, or reuse) one autoencoder and return its best-validation weights.

    ``speed`` chooses bf16 autocast, channels_last and torch.compile (default: percae's choice
    for the device, `training/speed.py`); ``config.precision``, when set, overrides its bf16
    choice. The precision used is saved in the checkpoint and returned in the result.
    """
    checkpoint = Path(checkpoint)
    _check_data(train, val, config)
    _check_loss_network(loss_network, config)
    device = resolve_device(config.device)
    signature = data_signature(train, val)
    saved = (
        None
        if restart or not checkpoint.exists()
        else open_checkpoint(checkpoint, config, signature)
    )
    if device.type == "cpu":
        configure_cpu_threads()  # also when reusing: the thread count changes float rounding
    else:
        torch.backends.cudnn.benchmark = True  # likewise the convolution algorithms
    if saved is not None and saved["complete"]:
        _model, result = load_trained_autoencoder(checkpoint, device)
        result = dataclasses.replace(result, config=config, reused=True)
        on_event(
            Notice(
                "info",
                f"{run}: already trained ({result.epochs_run} epochs); reusing {checkpoint}.",
            )
        )
        on_event(
            FitFinished(
                run,
                result.epochs_run,
                result.best_epoch,
                result.best_val_loss,
                result.seconds,
                result.stopped_early,
            )
        )
        return result

    torch.manual_seed(config.seed)
    model = ConvAutoencoder(config.input_size, config.z, config.variant.variational).to(device)
    if config.precision is not None:
        speed = dataclasses.replace(speed, bf16=config.precision == "bf16")
    plan = resolve_speed(speed, device)
    objective = ReconstructionLoss(
        config.variant, config.gamma, frozen_loss_network(loss_network, device, plan)
    )
    step = build_train_step(model, objective, plan, config.lr)
    optimizer = step.optimizer
    channels_last = plan.channels_last
    progress = FitProgress()
    if saved is not None:
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        progress = FitProgress.from_checkpoint(saved)
        torch.set_rng_state(saved["rng_cpu"])
        if device.type == "cuda" and saved.get("rng_cuda") is not None:
            torch.cuda.set_rng_state(saved["rng_cuda"], device)

    try:
        train_batches = ImageBatches(train, device, config.tile, channels_last=channels_last)
        val_batches = ImageBatches(val, device, config.tile, channels_last=channels_last)
    except torch.cuda.OutOfMemoryError as exc:
        raise out_of_memory_error(device, config.batch_size, True) from exc
    batches = train_batches.batch_count(config.batch_size)
    on_event(FitStarted(run, config.epochs, batches, progress.epoch, config.describe()))
    if saved is not None:
        on_event(
            Notice("info", f"{run}: resuming from the checkpoint after epoch {progress.epoch}.")
        )
    if train_batches.placement == "stream":
        on_event(
            Notice(
                "info",
                f"{run}: the training images do not fit the memory budget; "
                "streaming them from disk (slower).",
            )
        )
    session_seconds: list[float] = []

    def train_epoch(epoch: int) -> float:
        model.train()
        total = torch.zeros((), device=device)
        shown, refreshed = math.nan, -math.inf
        order = epoch_order(len(train_batches), config.seed, epoch)
        for index, x in enumerate(train_batches.batches(config.batch_size, order), start=1):
            if should_stop is not None and should_stop():
                raise _StopRequested
            parts = step(x)
            total += parts.total.detach() * len(x)
            now = time.perf_counter()
            if device.type == "cpu" or now - refreshed >= BATCH_LOSS_REFRESH_S:
                shown, refreshed = parts.total.item(), now
            on_event(BatchFinished(run, epoch, index, batches, shown))
        synchronize(device)
        return total.item() / len(train_batches)

    def validate() -> list[float]:
        model.eval()
        sums = torch.zeros(3, device=device)
        with torch.no_grad():
            for x in val_batches.batches(config.batch_size):
                parts = step.losses(x)
                sums += torch.stack([parts.total, parts.rec, parts.kld]).float() * len(x)
        return (sums / len(val_batches)).tolist()

    try:
        for epoch in range(progress.epoch + 1, config.epochs + 1):
            started = time.perf_counter()
            train_loss = train_epoch(epoch)
            train_seconds = time.perf_counter() - started
            if not math.isfinite(train_loss):
                raise diverged_error(run, train_loss, epoch, config)
            val_losses = validate()
            synchronize(device)
            seconds = time.perf_counter() - started
            session_seconds.append(seconds)
            is_best = val_losses[0] < progress.best_val_loss
            progress.epoch = epoch
            if is_best:
                progress.best_val_loss = val_losses[0]
                progress.best_epoch = epoch
                progress.bad_epochs = 0
                progress.best_model = {k: v.detach().clone() for k, v in model.state_dict().items()}
            else:
                progress.bad_epochs += 1
            row = _history_row(
                epoch, train_loss, val_losses, seconds, train_seconds, len(train_batches)
            )
            progress.history.append(row)
            progress.stopped_early = (
                progress.bad_epochs >= config.resolved_patience and epoch < config.epochs
            )
            complete = progress.stopped_early or epoch == config.epochs
            save_checkpoint(
                checkpoint,
                checkpoint_state(
                    config,
                    signature,
                    device,
                    progress,
                    model,
                    optimizer,
                    complete,
                    plan.precision,
                ),
            )
            eta = (
                0.0
                if complete
                else sum(session_seconds) / len(session_seconds) * (config.epochs - epoch)
            )
            on_event(
                EpochFinished(
                    run,
                    epoch,
                    config.epochs,
                    train_loss,
                    val_losses[0],
                    seconds,
                    row["images_per_s"],
                    eta,
                    is_best,
                    {"rec": val_losses[1], "kld": val_losses[2]},
                )
            )
            if complete:
                break
    except (KeyboardInterrupt, _StopRequested) as exc:
        saved_note = (
            f"the {progress.epoch} finished epoch(s) are saved in {checkpoint}"
            if progress.epoch
            else "no epoch had finished, so nothing was saved"
        )
        how = "was interrupted" if isinstance(exc, KeyboardInterrupt) else "was stopped on request"
        raise Interrupted(
            f"Training {run} {how} during epoch {progress.epoch + 1}; {saved_note}.",
            hint="Run the same command again to go on from there.",
        ) from None
    except torch.cuda.OutOfMemoryError as exc:
        torch.cuda.empty_cache()
        raise out_of_memory_error(device, config.batch_size, train_batches.on_device) from exc

    result = fit_result(
        model,
        config,
        progress,
        checkpoint,
        str(device),
        saved is not None,
        len(train_batches),
        plan.precision,
    )
    result.speed_path = plan.describe()
    on_event(
        FitFinished(
            run,
            result.epochs_run,
            result.best_epoch,
            result.best_val_loss,
            result.seconds,
            result.stopped_early,
        )
    )
    return result
