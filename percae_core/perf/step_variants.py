"""Which way of running the fp32 step is fastest on this CPU? Variants timed side by side.

Every variant trains the same model (same seed) on the same batch; their steps are interleaved
round by round (variant A, B, C, ..., then again) so that a shared machine's changing load hits
them alike, and each is reported as its median step time over the naive loop's, with the
spread (quartiles) of the per-round ratios. Each variant also reports its first step (for a
compiled variant: the compile cost) and its loss after the same number of steps as the naive
loop (the variants only change how a step runs, so the losses must agree up to rounding).

The variants are what the step profile points at, in groups (``--group``), each run beside the
naive loop and percae's default step:

- ``layout``: memory layout (NCHW / channels_last), the optimiser's implementation
  (per-parameter loop, foreach, fused), and reusing the target's loss-network features.
- ``compile``: torch.compile (inductor) of the forward pass and the loss (the optimiser's step
  stays eager), in both layouts.
- ``threads``: one intra-op thread instead of all of them, for the naive loop too (on a machine
  busier than its cores, fewer threads win for any code: that is the load, not the step).
- ``flags``: oneDNN off (ATen's own convolutions), the loss network frozen by TorchScript
  (`torch.jit.freeze`), and oneDNN's fp32 math mode lowered to bf16 / tf32 (changes results).

Run as ``python -m percae_core.perf.step_variants --side 64 --loss perceptual --group compile``;
set ``ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2`` to emulate a CPU without AVX-512/AMX
(inductor's generated code follows ``ATEN_CPU_CAPABILITY`` too).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import torch
import torch.nn.functional as F

from percae_core.models.autoencoder import ConvAutoencoder
from percae_core.models.loss_networks import LossNetwork, build_loss_network
from percae_core.perf.training_speed import synthetic_images
from percae_core.training.reconstruction_loss import freeze


@dataclass(frozen=True)
class StepVariant:
    """How one variant runs the step; the defaults are percae's own fp32 step on a CPU."""

    channels_last: bool = True
    optimizer: str = "fused"
    """"default" (what torch picks: the per-parameter loop on a CPU), "loop", "foreach", "fused"."""
    target: str = "no_grad"
    """How p(X) is computed: "graph" (with a gradient graph), "no_grad", "cached" (once)."""
    compiled: bool = False
    threads: int | None = None
    mkldnn: bool = True
    frozen_loss_network: bool = False
    fp32_precision: str = "none"
    """oneDNN's fp32 math mode for convolutions and matmuls: "none" (true fp32), "bf16", "tf32"."""
    zero_to_none: bool = True


NAIVE = StepVariant(channels_last=False, optimizer="default", target="graph", zero_to_none=False)
DEFAULT = StepVariant()
GROUPS: dict[str, dict[str, StepVariant]] = {
    "layout": {
        "nchw loop-adam": StepVariant(channels_last=False, optimizer="loop"),
        "channels_last loop-adam": StepVariant(optimizer="loop"),
        "nchw foreach-adam": StepVariant(channels_last=False, optimizer="foreach"),
        "nchw fused-adam": StepVariant(channels_last=False),
        "nchw fused-adam cached-target": StepVariant(channels_last=False, target="cached"),
        "channels_last fused-adam cached-target": StepVariant(target="cached"),
    },
    "compile": {
        "nchw fused-adam compiled": StepVariant(channels_last=False, compiled=True),
        "channels_last fused-adam compiled": StepVariant(compiled=True),
    },
    "threads": {
        "naive 1 thread": replace(NAIVE, threads=1),
        "channels_last fused-adam 1 thread": StepVariant(threads=1),
        "nchw fused-adam 1 thread": StepVariant(channels_last=False, threads=1),
    },
    "flags": {
        "channels_last fused-adam no oneDNN": StepVariant(mkldnn=False),
        "channels_last fused-adam jit-frozen loss network": StepVariant(frozen_loss_network=True),
        "channels_last fused-adam oneDNN fp32 math bf16": StepVariant(fp32_precision="bf16"),
        "channels_last fused-adam oneDNN fp32 math tf32": StepVariant(fp32_precision="tf32"),
    },
}


def group_variants(group: str) -> dict[str, StepVariant]:
    """The naive loop, percae's default step and the variants of ``group``, in that order."""
    return {"naive": NAIVE, "channels_last fused-adam (default)": DEFAULT, **GROUPS[group]}


@contextlib.contextmanager
def _settings(variant: StepVariant) -> Iterator[None]:
    """Threads, oneDNN on/off and its fp32 math mode for the duration of one step."""
    threads = torch.get_num_threads()
    backends = [getattr(torch.backends.mkldnn, kind) for kind in ("conv", "matmul")]
    precisions = [backend.fp32_precision for backend in backends]
    if variant.threads:
        torch.set_num_threads(variant.threads)
    for backend in backends:
        backend.fp32_precision = variant.fp32_precision
    try:
        with torch.backends.mkldnn.flags(enabled=variant.mkldnn):
            yield
    finally:
        torch.set_num_threads(threads)
        for backend, precision in zip(backends, precisions):
            backend.fp32_precision = precision


def _loss_network(variant: StepVariant) -> LossNetwork:
    network = freeze(build_loss_network("alexnet-random", allow_download=False))
    if variant.channels_last:
        network.to(memory_format=torch.channels_last)
    return network


def _features(
    variant: StepVariant, network: LossNetwork, x: torch.Tensor
) -> Callable[[torch.Tensor], tuple[torch.Tensor, ...]]:
    """The loss network's forward, TorchScript-frozen when the variant asks for it."""
    if not variant.frozen_loss_network:
        return network
    frozen = torch.jit.freeze(torch.jit.trace(network, x, check_trace=False))
    return lambda images: tuple(frozen(images))


def variant_step(
    variant: StepVariant, side: int, perceptual: bool, x: torch.Tensor
) -> Callable[[], float]:
    """One training step of ``variant`` on the batch ``x``; returns the step's loss.

    The model skips its memory check, whose first call draws from the global random state and
    would give the first variant built different initial weights from the others.
    """
    network = _loss_network(variant) if perceptual else None
    torch.manual_seed(0)
    model = ConvAutoencoder((side, side), 64, False, check_memory=False)
    if variant.channels_last:
        model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    features = _features(variant, network, x) if network is not None else None
    optimizer = torch.optim.Adam(
        model.parameters(),
        lr=1e-3,
        foreach={"loop": False, "foreach": True}.get(variant.optimizer),
        fused=True if variant.optimizer == "fused" else None,
    )
    cached = None
    if network is not None and features is not None and variant.target == "cached":
        with torch.no_grad():
            cached = features(x)

    def forward_loss(images: torch.Tensor) -> torch.Tensor:
        reconstruction, _mu, _logvar = model(images)
        if network is None or features is None:
            return F.mse_loss(reconstruction, images)
        if cached is not None:
            wanted = cached
        elif variant.target == "graph":
            wanted = features(images)
        else:
            with torch.no_grad():
                wanted = features(images)
        return network.distance(features(reconstruction), wanted)

    run = torch.compile(forward_loss) if variant.compiled else forward_loss

    def step() -> float:
        with _settings(variant):
            optimizer.zero_grad(set_to_none=variant.zero_to_none)
            loss = run(x)
            loss.backward()
            optimizer.step()
            return loss.item()

    return step


def _summary(
    seconds: list[float], naive: list[float], first: float, loss: float, naive_loss: float
) -> dict[str, object]:
    ratios = [n / s for n, s in zip(naive, seconds)]
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
    return {
        "median_step_s": round(statistics.median(seconds), 3),
        "speed_vs_naive": round(statistics.median(naive) / statistics.median(seconds), 3),
        "per_round_ratio_q1_q3": [round(quartiles[0], 3), round(quartiles[-1], 3)],
        "first_step_s": round(first, 3),
        "loss": loss,
        "loss_rel_diff_vs_naive": abs(loss - naive_loss) / abs(naive_loss),
    }


def compare_variants(
    side: int, loss: str, batch_size: int, rounds: int, variants: dict[str, StepVariant]
) -> dict[str, object]:
    """Per variant: median step, speed over the naive loop (median, quartiles), first step, loss.

    ``variants`` must include "naive". Every variant runs one first step and then ``rounds``
    interleaved ones, so all end after the same number of updates of the same model and batch.
    """
    perceptual = loss == "perceptual"
    variants = {n: v for n, v in variants.items() if perceptual or v.target != "cached"}
    x = torch.from_numpy(synthetic_images(batch_size, side)).float().div(255)
    steps: dict[str, Callable[[], float]] = {}
    first: dict[str, float] = {}
    for name, variant in variants.items():
        started = time.perf_counter()
        steps[name] = variant_step(variant, side, perceptual, x)
        steps[name]()
        first[name] = time.perf_counter() - started
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    losses: dict[str, float] = {}
    for _ in range(rounds):
        for name, step in steps.items():
            started = time.perf_counter()
            losses[name] = step()
            seconds[name].append(time.perf_counter() - started)
    found = {
        name: _summary(seconds[name], seconds["naive"], first[name], losses[name], losses["naive"])
        for name in variants
    }
    return {
        "side": side,
        "loss": loss,
        "batch_size": batch_size,
        "rounds": rounds,
        "threads": torch.get_num_threads(),
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "variants": found,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--side", type=int, default=64)
    parser.add_argument("--loss", choices=("pixel", "perceptual"), default="perceptual")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--group", choices=tuple(GROUPS), default="layout")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    found = compare_variants(
        args.side, args.loss, args.batch_size, args.rounds, group_variants(args.group)
    )
    print(json.dumps({"group": args.group, **found}))


if __name__ == "__main__":
    main()
