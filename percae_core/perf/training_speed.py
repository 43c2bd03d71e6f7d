"""Training images/s of percae's path and of the naive reference loop, side by side.

Both train the same model (same seed, same initial weights) with the same loss on the same
uint8 images for the same number of steps at the same batch size. Their steps are interleaved
in ABBA order (naive, percae, percae, naive, ...) so that a shared machine's changing load and
any drift hit both alike; the speed is the batch size over the median step time after warm-up,
and the ratio's spread comes from the pairs of neighbouring steps (`paired_ratios`). A step includes getting
its batch: the DataLoader's per-item indexing and stacking for the naive loop, the uint8 gather
and on-device conversion for percae.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import torch

from percae_core.data.parts import Split
from percae_core.models.autoencoder import ConvAutoencoder
from percae_core.models.loss_networks import build_loss_network
from percae_core.models.variants import variant_with
from percae_core.perf.naive_loop import NaiveTrainer
from percae_core.training.batches import ImageBatches, epoch_order
from percae_core.training.device import synchronize
from percae_core.training.reconstruction_loss import ReconstructionLoss
from percae_core.training.speed import SpeedPlan
from percae_core.training.train_step import build_train_step, frozen_loss_network

LOSSES = ("pixel", "perceptual")
LOSS_NETWORK = "alexnet-random"  # the same layers, hence the same cost, as the paper's alexnet


@dataclass(frozen=True)
class TrainSpeed:
    """One record of the `train` list of `percae perf --json`."""

    impl: str
    loss: str
    input: int
    batch_size: int
    images_per_s: float
    steps: int
    step_seconds: list[float]

    def record(self) -> dict[str, object]:
        return {
            "impl": self.impl,
            "loss": self.loss,
            "input": self.input,
            "batch_size": self.batch_size,
            "images_per_s": round(self.images_per_s, 1),
            "steps": self.steps,
            "step_seconds": [round(s, 3) for s in self.step_seconds],
        }


def synthetic_images(count: int, side: int, seed: int = 0) -> np.ndarray:
    """Random uint8 images (speed does not depend on what they show)."""
    return np.random.default_rng(seed).integers(0, 256, size=(count, 3, side, side), dtype=np.uint8)


def _percae_batches(
    images: np.ndarray, device: torch.device, plan: SpeedPlan, batch_size: int, seed: int
) -> Iterator[torch.Tensor]:
    """Endless batches the way `fit_autoencoder` serves them: a new (seed, epoch) order per pass."""
    served = ImageBatches(
        Split(images, np.arange(len(images))), device, channels_last=plan.channels_last
    )
    epoch = 0
    while True:
        epoch += 1
        yield from served.batches(batch_size, epoch_order(len(served), seed, epoch))


def _percae_step(
    images: np.ndarray,
    loss: str,
    side: int,
    batch_size: int,
    device: torch.device,
    plan: SpeedPlan,
    seed: int,
) -> Callable[[], None]:
    torch.manual_seed(seed)
    model = ConvAutoencoder((side, side), 64, False).to(device)
    network = (
        build_loss_network(LOSS_NETWORK, allow_download=False) if loss == "perceptual" else None
    )
    variant = variant_with(perceptual=loss == "perceptual", variational=False)
    objective = ReconstructionLoss(variant, 0.01, frozen_loss_network(network, device, plan))
    step = build_train_step(model, objective, plan, lr=1e-3)
    batches = _percae_batches(images, device, plan, batch_size, seed)
    model.train()

    def run() -> None:
        parts = step(next(batches))
        if device.type == "cpu":
            parts.total.item()  # fit_autoencoder reads each CPU batch's loss for its progress bar

    return run


def _naive_step(
    images: np.ndarray, loss: str, side: int, batch_size: int, device: torch.device, seed: int
) -> Callable[[], None]:
    torch.manual_seed(seed)
    model = ConvAutoencoder((side, side), 64, False)
    network = (
        build_loss_network(LOSS_NETWORK, allow_download=False) if loss == "perceptual" else None
    )
    trainer = NaiveTrainer(
        images, model, device, loss_network=network, batch_size=batch_size, seed=seed
    )
    batches = trainer.batches()

    def run() -> None:
        trainer.step(next(batches))

    return run


def _timed(run: Callable[[], None], device: torch.device) -> float:
    started = time.perf_counter()
    run()
    synchronize(device)
    return time.perf_counter() - started


def measure_training_pair(
    loss: str,
    side: int,
    batch_size: int,
    steps: int,
    device: torch.device,
    plan: SpeedPlan,
    *,
    warmup: int = 1,
    seed: int = 0,
    on_step: Callable[[], None] = lambda: None,
) -> tuple[TrainSpeed, TrainSpeed]:
    """(naive, percae) speeds for one loss and input size; ``on_step`` after every step."""
    images = synthetic_images(batch_size * 2, side, seed)
    runs = {
        "naive": _naive_step(images, loss, side, batch_size, device, seed),
        "percae": _percae_step(images, loss, side, batch_size, device, plan, seed),
    }
    seconds: dict[str, list[float]] = {impl: [] for impl in runs}
    for index in range(warmup + steps):
        order = list(runs) if index % 2 == 0 else list(reversed(runs))
        for impl in order:
            took = _timed(runs[impl], device)
            if index >= warmup:
                seconds[impl].append(took)
            on_step()
    naive, percae = (
        TrainSpeed(
            impl,
            loss,
            side,
            batch_size,
            batch_size / statistics.median(seconds[impl]),
            steps,
            seconds[impl],
        )
        for impl in ("naive", "percae")
    )
    return naive, percae


def paired_ratios(naive: TrainSpeed, percae: TrainSpeed) -> list[float]:
    """naive step time / percae step time for each measured round (neighbouring steps)."""
    return [n / p for n, p in zip(naive.step_seconds, percae.step_seconds) if p > 0]
