"""The autoencoder fit: Adam, early stopping, best weights, a checkpoint every epoch.

`fit_autoencoder` trains (or resumes, or reuses) one fit; progress leaves it only as events.
Every epoch ends with an atomic checkpoint holding everything the next epoch depends on (weights,
Adam's moments, RNG states, best weights, early-stopping counter, history, time spent), and
epoch orders are derived from (seed, epoch), so a fit stopped at any point (Ctrl-C, kill, power
loss) and run again ends with exactly the weights an uninterrupted fit would have (on the CPU
with the same number of threads; GPU kernels are not bit-reproducible). Validation runs under
no_grad (no backward pass) and, for VAEs, uses mu. The training session itself (resume, one
epoch, validation, end of epoch, finish) is `fit_session.AutoencoderFit`; what a checkpoint
holds: `fit_record.py`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import torch

from percae_core.data.parts import Split
from percae_core.errors import UsageError
from percae_core.events import EventSink, FitFinished, Notice, ignore_events
from percae_core.models.loss_networks import LossNetwork
from percae_core.stop_request import StopCheck
from percae_core.training.config import FitConfig
from percae_core.training.device import configure_cpu_threads, resolve_device
from percae_core.training.fit_record import (
    FitResult,
    data_signature,
    load_trained_autoencoder,
    open_checkpoint,
)
from percae_core.training.fit_session import AutoencoderFit, FitTarget
from percae_core.training.speed import SpeedSettings

__all__ = ["FitResult", "data_signature", "fit_autoencoder", "load_trained_autoencoder"]


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
    should_stop: StopCheck = None,
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
    _configure_device(device)
    if saved is not None and saved["complete"]:
        return reuse_finished_fit(checkpoint, config, device, run, on_event)
    target = FitTarget(run, checkpoint, on_event, should_stop, signature)
    fit = AutoencoderFit(config, device, loss_network, speed, target)
    if saved is not None:
        fit.resume(saved)
    fit.load_data(train, val)
    result = fit.train()
    on_event(_finished(run, result))
    return result


def reuse_finished_fit(
    checkpoint: Path, config: FitConfig, device: torch.device, run: str, on_event: EventSink
) -> FitResult:
    """The result of the finished fit saved in ``checkpoint``, without training."""
    _model, result = load_trained_autoencoder(checkpoint, device)
    result = dataclasses.replace(result, config=config, reused=True)
    on_event(
        Notice(
            "info",
            f"{run}: already trained ({result.epochs_run} epochs); reusing {checkpoint}.",
        )
    )
    on_event(_finished(run, result))
    return result


def _configure_device(device: torch.device) -> None:
    """Also when reusing: the thread count (CPU) and the convolution algorithms (CUDA) change
    float rounding."""
    if device.type == "cpu":
        configure_cpu_threads()
    else:
        torch.backends.cudnn.benchmark = True


def _finished(run: str, result: FitResult) -> FitFinished:
    return FitFinished(
        run,
        result.epochs_run,
        result.best_epoch,
        result.best_val_loss,
        result.seconds,
        result.stopped_early,
    )


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
