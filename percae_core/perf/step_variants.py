"""Which way of running the fp32 step is fastest on this CPU? Variants timed side by side.

Every variant trains the same model (same seed) on the same batch; their steps are interleaved
round by round (variant A, B, C, ..., then again) so that a shared machine's changing load hits
them alike, and each is reported as its median step time over the naive loop's, with the
spread (quartiles) of the per-round ratios. The variants are what the step profile points at:
memory layout (NCHW / channels_last), the optimiser's implementation (per-parameter loop,
foreach, fused), and, for the perceptual loss, reusing the target's loss-network features
instead of recomputing them. Run as
``python -m percae_core.perf.step_variants --side 64 --loss perceptual --batch-size 128``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable

import torch
import torch.nn.functional as F

from percae_core.models.autoencoder import ConvAutoencoder
from percae_core.models.loss_networks import build_loss_network
from percae_core.perf.training_speed import synthetic_images
from percae_core.training.reconstruction_loss import freeze

VARIANTS = (
    "naive",
    "nchw loop-adam",
    "channels_last loop-adam",
    "nchw foreach-adam",
    "nchw fused-adam",
    "channels_last fused-adam",
    "nchw fused-adam cached-target",
    "channels_last fused-adam cached-target",
)


def _variant_step(name: str, side: int, perceptual: bool, x: torch.Tensor) -> Callable[[], None]:
    torch.manual_seed(0)
    model = ConvAutoencoder((side, side), 64, False)
    network = (
        freeze(build_loss_network("alexnet-random", allow_download=False)) if perceptual else None
    )
    channels_last = "channels_last" in name
    if channels_last:
        model.to(memory_format=torch.channels_last)
        if network is not None:
            network.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    optimizer_options: dict[str, bool] = {}
    if "foreach" in name:
        optimizer_options["foreach"] = True
    elif "fused" in name:
        optimizer_options["fused"] = True
    elif name != "naive":
        optimizer_options["foreach"] = False
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, **optimizer_options)
    cached = None
    if network is not None and "cached-target" in name:
        with torch.no_grad():
            cached = network(x)

    def step() -> None:
        optimizer.zero_grad(set_to_none=name != "naive")
        reconstruction, _mu, _logvar = model(x)
        if network is None:
            loss = F.mse_loss(reconstruction, x)
        elif cached is not None:
            loss = F.mse_loss(network(reconstruction), cached)
        elif name == "naive":
            loss = F.mse_loss(network(reconstruction), network(x))
        else:
            with torch.no_grad():
                wanted = network(x)
            loss = F.mse_loss(network(reconstruction), wanted)
        loss.backward()
        optimizer.step()
        loss.item()

    return step


def compare_variants(
    side: int, loss: str, batch_size: int, rounds: int, names: tuple[str, ...] = VARIANTS
) -> dict[str, object]:
    """Median step seconds per variant and its speed over the naive loop (median, quartiles)."""
    perceptual = loss == "perceptual"
    names = tuple(n for n in names if perceptual or "cached-target" not in n)
    x = torch.from_numpy(synthetic_images(batch_size, side)).float().div(255)
    steps = {name: _variant_step(name, side, perceptual, x) for name in names}
    for step in steps.values():
        step()
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(rounds):
        for name, step in steps.items():
            started = time.perf_counter()
            step()
            seconds[name].append(time.perf_counter() - started)
    found = {}
    for name in names:
        ratios = [n / s for n, s in zip(seconds["naive"], seconds[name])]
        quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
        found[name] = {
            "median_step_s": round(statistics.median(seconds[name]), 3),
            "speed_vs_naive": round(
                statistics.median(seconds["naive"]) / statistics.median(seconds[name]), 3
            ),
            "per_round_ratio_q1_q3": [round(quartiles[0], 3), round(quartiles[-1], 3)],
        }
    return {
        "side": side,
        "loss": loss,
        "batch_size": batch_size,
        "rounds": rounds,
        "threads": torch.get_num_threads(),
        "variants": found,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--side", type=int, default=64)
    parser.add_argument("--loss", choices=("pixel", "perceptual"), default="perceptual")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    print(json.dumps(compare_variants(args.side, args.loss, args.batch_size, args.rounds)))


if __name__ == "__main__":
    main()
