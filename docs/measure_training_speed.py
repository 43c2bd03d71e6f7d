"""Autoencoder training speed, pixel vs perceptual loss (the paper's +12 +- 3 % overhead).

Runs `fit_autoencoder` (the real training loop) on synthetic 64x64 uint8 images for each batch
size and loss, alternating pixel and perceptual runs so that a shared machine's changing load
hits both alike, and reports the training images/s of the last epoch (the first one warms up).

    python docs/measure_training_speed.py --device cpu --images 1024 --repeats 2
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

import numpy as np
import torch

from percae_core.data.parts import Split
from percae_core.models.loss_networks import build_loss_network
from percae_core.training import FitConfig, fit_autoencoder


def images_per_s(loss: str, batch_size: int, images: int, device: str, folder: Path) -> float:
    rng = np.random.default_rng(0)
    stored = rng.integers(0, 256, size=(images + 64, 3, 64, 64), dtype=np.uint8)
    train, val = Split(stored, np.arange(images)), Split(stored, np.arange(images, images + 64))
    perceptual = loss == "perceptual"
    config = FitConfig(variant="pae" if perceptual else "ae", z=64, epochs=2, batch_size=batch_size,
                       device=device, loss_net="alexnet-random" if perceptual else None)
    network = build_loss_network("alexnet-random", allow_download=False) if perceptual else None
    result = fit_autoencoder(train, val, config, loss_network=network,
                             checkpoint=folder / f"{loss}-{batch_size}.pt", run=loss, restart=True)
    return result.history[-1]["images_per_s"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="auto")
    parser.add_argument("--images", type=int, default=1024)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[128, 512])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for batch_size in args.batch_sizes:
            speeds: dict[str, list[float]] = {"pixel": [], "perceptual": []}
            for _ in range(args.repeats):
                for loss in speeds:
                    speeds[loss].append(images_per_s(loss, batch_size, args.images, args.device,
                                                     Path(folder)))
            pixel, perceptual = (statistics.median(speeds[k]) for k in ("pixel", "perceptual"))
            rows.append({
                "batch_size": batch_size, "threads": torch.get_num_threads(),
                "pixel_images_per_s": round(pixel, 1), "perceptual_images_per_s": round(perceptual, 1),
                "overhead_percent": round(100 * (pixel / perceptual - 1), 1),
                "runs": {k: [round(v, 1) for v in vs] for k, vs in speeds.items()},
            })
            print(json.dumps(rows[-1]), flush=True)


if __name__ == "__main__":
    main()
