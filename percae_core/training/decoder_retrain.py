"""Decoder retraining (Table VIII): a fresh decoder learns to reconstruct from a frozen encoder.

The paper retrains "the decoders of all autoencoders" with pixel-wise MSE and compares test
reconstructions by L1 error. percae trains a *fresh* decoder (seeded initialisation, same
architecture) on the frozen encoder's mu, so the number measures what the embedding holds, not
what a perceptually trained decoder had already learnt to draw. Inputs are the cached
embeddings, so the encoder is not run again.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from percae_core.data.parts import Split, to_model_input
from percae_core.events import (
    BatchFinished,
    EpochFinished,
    EventSink,
    FitFinished,
    FitStarted,
    ignore_events,
)
from percae_core.models.autoencoder import ConvDecoder
from percae_core.stages import Stage
from percae_core.stop_request import stop_requested, stopped
from percae_core.training.speed import SpeedPlan, SpeedSettings, resolve_speed


@dataclass
class DecoderResult:
    decoder: ConvDecoder
    epochs_run: int
    best_epoch: int
    best_val_loss: float
    test_l1: float
    test_mse: float
    seconds: float


def _batches(n: int, batch_size: int, generator: torch.Generator | None) -> list[np.ndarray]:
    order = (
        torch.randperm(n, generator=generator).numpy() if generator is not None else np.arange(n)
    )
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def _targets(split: Split, rows: np.ndarray, tile: int, device: torch.device) -> torch.Tensor:
    return to_model_input(torch.from_numpy(split.gather(rows)).to(device), tile)


@torch.no_grad()
def reconstruction_errors(
    decoder: nn.Module,
    mu: torch.Tensor,
    split: Split,
    *,
    tile: int,
    device: torch.device,
    batch_size: int = 512,
) -> tuple[float, float]:
    """(mean L1, mean MSE) per element over the whole split, summed exactly (no mean of means)."""
    decoder.eval()
    l1 = 0.0
    mse = 0.0
    count = 0
    for rows in _batches(len(split), batch_size, None):
        target = _targets(split, rows, tile, device)
        recon = decoder(mu[rows].to(device)).float()
        l1 += (recon - target).abs().sum().item()
        mse += (recon - target).pow(2).sum().item()
        count += target.numel()
    return l1 / max(count, 1), mse / max(count, 1)


def _train_pass(
    decoder: nn.Module,
    optimizer: torch.optim.Optimizer,
    plan: SpeedPlan,
    data: tuple[torch.Tensor, Split],
    batches: list[np.ndarray],
    *,
    tile: int,
    device: torch.device,
    stop: tuple[Callable[[], bool] | None, str, str],
    on_batch: Callable[[int, float], None],
) -> float:
    """One epoch of pixel-MSE steps from ``data`` (mu, images) over ``batches``: the summed loss.

    ``stop`` is (the stop check, the stage and where it is), for `stop_request.stopped`;
    ``on_batch`` hears each finished batch (its 1-based index and loss), for a batch counter.
    """
    should_stop, stage, where = stop
    mu, split = data
    decoder.train()
    total = 0.0
    for index, rows in enumerate(batches, start=1):
        if stop_requested(should_stop):
            raise stopped(stage, where)
        target = _targets(split, rows, tile, device)
        with plan.autocast():
            recon = decoder(mu[rows].to(device))
        loss = nn.functional.mse_loss(recon.float(), target)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        value = loss.item()
        total += value * len(rows)
        on_batch(index, value)
    return total


def batch_reporter(
    on_event: EventSink, run: str, epoch: int, batches: int
) -> Callable[[int, float], None]:
    """Sends a decoder `BatchFinished` per batch of ``epoch`` (the live batch counter)."""

    def report(batch: int, loss: float) -> None:
        on_event(BatchFinished(run, epoch, batch, batches, loss, stage=Stage.DECODER))

    return report


def retrain_decoder(
    input_size: tuple[int, int],
    embeddings: dict[str, torch.Tensor],
    splits: dict[str, Split],
    *,
    tile: int,
    epochs: int,
    batch_size: int,
    seed: int,
    device: torch.device,
    patience: int = 10,
    run: str = "decoder",
    on_event: EventSink = ignore_events,
    should_stop: Callable[[], bool] | None = None,
    speed: SpeedSettings = SpeedSettings(),
) -> DecoderResult:
    """Train a fresh decoder on ``embeddings['train'] -> splits['train']`` with pixel MSE.

    Early stopping on ``val``; the best-validation decoder is evaluated on ``test``. A stop
    request (``should_stop``) raises `Interrupted`: it never ends training early. Training
    steps run with the same speed choices as the autoencoder fit (bf16 autocast where the
    hardware has it, channels_last); validation and test errors are computed in fp32.
    """
    z = embeddings["train"].shape[1]
    plan = resolve_speed(speed, device)
    torch.manual_seed(seed)
    decoder = ConvDecoder(input_size, z).to(device)
    if plan.channels_last:
        decoder = decoder.to(memory_format=torch.channels_last)
    optimizer = torch.optim.Adam(decoder.parameters())
    generator = torch.Generator().manual_seed(seed)
    train, val = splits["train"], splits["val"]
    n_batches = max(1, -(-len(train) // batch_size))
    on_event(FitStarted(run, epochs, n_batches, description=run, stage=Stage.DECODER))
    best_state: dict[str, Any] = copy.deepcopy(decoder.state_dict())
    best_val = float("inf")
    best_epoch = 0
    started = time.perf_counter()
    epoch = 0
    for epoch in range(1, epochs + 1):
        tick = time.perf_counter()
        total = _train_pass(
            decoder,
            optimizer,
            plan,
            (embeddings["train"], train),
            _batches(len(train), batch_size, generator),
            tile=tile,
            device=device,
            stop=(should_stop, f"Retraining the decoder of {run}", f"epoch {epoch} of {epochs}"),
            on_batch=batch_reporter(on_event, run, epoch, n_batches),
        )
        _, val_mse = reconstruction_errors(
            decoder, embeddings["val"], val, tile=tile, device=device
        )
        seconds = time.perf_counter() - tick
        improved = val_mse < best_val
        if improved:
            best_val, best_epoch = val_mse, epoch
            best_state = copy.deepcopy(decoder.state_dict())
        on_event(
            EpochFinished(
                run=run,
                epoch=epoch,
                epochs=epochs,
                train_loss=total / max(len(train), 1),
                val_loss=val_mse,
                seconds=seconds,
                images_per_s=len(train) / max(seconds, 1e-9),
                eta_s=seconds * (epochs - epoch),
                is_best=improved,
                stage=Stage.DECODER,
            )
        )
        if epoch - best_epoch >= patience:
            break
    decoder.load_state_dict(best_state)
    test_l1, test_mse = reconstruction_errors(
        decoder, embeddings["test"], splits["test"], tile=tile, device=device
    )
    elapsed = time.perf_counter() - started
    on_event(
        FitFinished(
            run=run,
            epochs_run=epoch,
            best_epoch=best_epoch,
            best_val_loss=best_val,
            seconds=elapsed,
            stopped_early=epoch < epochs,
            stage=Stage.DECODER,
        )
    )
    return DecoderResult(decoder.eval(), epoch, best_epoch, best_val, test_l1, test_mse, elapsed)
