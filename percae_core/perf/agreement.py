"""Does percae's fast path train the same autoencoders as the naive loop? (within seed noise)

For each seed, the same initial weights are trained on the same images for the same epochs by
`fit_autoencoder` (percae's path: bf16/channels_last where on by default) and by the naive fp32
loop; both final models are then scored by one fp32 evaluation on held-out images. The spread
over seeds within each implementation is the noise the gap between them is compared with.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

import numpy as np
import torch

from percae_core.data.parts import Split
from percae_core.models.autoencoder import ConvAutoencoder
from percae_core.models.loss_networks import build_loss_network
from percae_core.models.variants import variant_with
from percae_core.perf.naive_loop import NaiveTrainer
from percae_core.training.config import FitConfig
from percae_core.training.fit import fit_autoencoder
from percae_core.training.speed import SpeedSettings


def blob_images(count: int, seed: int, side: int = 64) -> np.ndarray:
    """uint8 images of coloured discs on gradients: something an autoencoder can learn."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:side, 0:side] / side
    cx, cy, r = (
        rng.uniform(lo, hi, size=(count, 1, 1)) for lo, hi in ((0.2, 0.8), (0.2, 0.8), (0.05, 0.2))
    )
    disc = ((xx - cx) ** 2 + (yy - cy) ** 2 < r**2).astype(np.float32)
    channels = [
        rng.uniform(0, 0.5, size=(count, 1, 1)) * (xx if c % 2 else yy)
        + disc * rng.uniform(0.3, 0.5, size=(count, 1, 1))
        for c in range(3)
    ]
    return np.clip(255 * np.stack(channels, axis=1), 0, 255).astype(np.uint8)


def compare_training(
    loss: str = "pixel",
    seeds: tuple[int, ...] = (0, 1, 2),
    epochs: int = 3,
    images: int = 1024,
    batch_size: int = 64,
    speed: SpeedSettings = SpeedSettings(),
) -> dict[str, object]:
    """fp32 validation loss of each implementation per seed, and their means and spreads."""
    data = blob_images(images + images // 4, seed=123)
    train, val = data[:images], data[images:]
    perceptual = loss == "perceptual"
    variant = variant_with(perceptual=perceptual, variational=False)
    net_name = "alexnet-random" if perceptual else None
    found: dict[str, list[float]] = {"naive": [], "percae": []}
    with tempfile.TemporaryDirectory(prefix="percae-agree-") as folder:
        for seed in seeds:
            net = build_loss_network("alexnet-random", allow_download=False) if perceptual else None
            config = FitConfig(
                variant=variant,
                z=64,
                epochs=epochs,
                batch_size=batch_size,
                seed=seed,
                patience=epochs,
                device="cpu",
                loss_net=net_name,
            )
            result = fit_autoencoder(
                Split(train, np.arange(len(train))),
                Split(val, np.arange(len(val))),
                config,
                loss_network=net,
                checkpoint=Path(folder) / f"{seed}.pt",
                run="agree",
                restart=True,
                speed=speed,
            )
            torch.manual_seed(seed)
            naive = NaiveTrainer(
                train,
                ConvAutoencoder((64, 64), 64, False),
                torch.device("cpu"),
                loss_network=net,
                batch_size=batch_size,
                seed=seed,
            )
            best = float("inf")
            for _ in range(epochs):
                naive.train_epoch()
                best = min(best, naive.evaluate(val, batch_size))
            found["naive"].append(best)
            naive.model = result.model.float().to(memory_format=torch.contiguous_format)
            found["percae"].append(naive.evaluate(val, batch_size))
    summary = {
        impl: {
            "val_loss": values,
            "mean": statistics.mean(values),
            "stdev": statistics.stdev(values) if len(values) > 1 else 0.0,
        }
        for impl, values in found.items()
    }
    return {"loss": loss, "epochs": epochs, "images": images, "batch_size": batch_size, **summary}
