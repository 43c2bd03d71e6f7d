"""Where one training step spends its time, per operator group (torch.profiler).

Profiles percae's own step (`build_train_step`, the code `fit_autoencoder` runs) for a few steps
after warm-up and sums the profiler's *self* CPU time per operator into groups a reader can act
on: the encoder's convolutions, the transposed convolutions (forward and backward), batch norm,
the loss network's passes, the optimiser, memory-format conversions and the rest. Run as
``python -m percae_core.perf.step_profile [--side 64] [--loss perceptual] [--batch-size 128]``;
set ``ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2`` to emulate a CPU without AVX-512/AMX.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from typing import Protocol

import torch
from torch.profiler import ProfilerActivity, profile, record_function

from percae_core.perf.training_speed import synthetic_images
from percae_core.training.speed import SpeedSettings, resolve_speed

OPS = (
    ("optimiser", ("adam", "_foreach", "_fused", "addcmul", "addcdiv", "lerp", "sqrt")),
    ("batch norm", ("batch_norm", "batchnorm")),
    ("memory format / copies", ("copy_", "contiguous", "clone", "to_dense", "reorder")),
    ("linear", ("addmm", "mm", "linear")),
    ("pooling", ("max_pool", "maxpool")),
)
SCOPES = (
    "autoencoder forward",
    "loss network: target p(X)",
    "loss network: p(X^)",
    "backward",
    "optimiser step",
)


def conv_labels(model: torch.nn.Module, network: torch.nn.Module | None) -> dict[str, str]:
    """Convolution weight shape (as the profiler records it) -> which layer kind it is."""
    labels = {}
    for module in model.modules():
        if isinstance(module, torch.nn.ConvTranspose2d):
            labels[str(list(module.weight.shape))] = "transposed conv"
        elif isinstance(module, torch.nn.Conv2d):
            labels[str(list(module.weight.shape))] = "encoder conv"
    for module in network.modules() if network is not None else ():
        if isinstance(module, torch.nn.Conv2d):
            labels[str(list(module.weight.shape))] = "loss network conv"
    return labels


def op_group(name: str, shapes: list, labels: dict[str, str]) -> str:
    """The group of one operator call: conv kinds by their weight's shape, the rest by name."""
    lowered = name.lower().replace("aten::", "")
    if "conv" in lowered:
        kind = next((labels[str(s)] for s in shapes if str(s) in labels), "conv (other)")
        return f"{kind} {'backward' if 'backward' in lowered else 'forward'}"
    for group, needles in OPS:
        if any(needle in lowered for needle in needles):
            return group
    return "elementwise and other"


class _ProfilerEvent(Protocol):
    """What `_scope` reads of a torch.profiler event (`FunctionEvent`)."""

    name: str
    cpu_parent: _ProfilerEvent | None


def _scope(event: _ProfilerEvent) -> str:
    parent: _ProfilerEvent | None = event
    while parent is not None:
        if parent.name in SCOPES:
            return parent.name
        parent = parent.cpu_parent
    return "outside"


def profile_step(
    side: int, loss: str, batch_size: int, steps: int = 3, speed: SpeedSettings = SpeedSettings()
) -> dict[str, object]:
    """Self CPU milliseconds per step by operator group and by phase of the step."""
    from percae_core.models.autoencoder import ConvAutoencoder
    from percae_core.models.loss_networks import build_loss_network
    from percae_core.models.variants import variant_with
    from percae_core.training.reconstruction_loss import ReconstructionLoss
    from percae_core.training.train_step import build_train_step, frozen_loss_network

    device = torch.device("cpu")
    plan = resolve_speed(speed, device)
    torch.manual_seed(0)
    model = ConvAutoencoder((side, side), 64, False)
    perceptual = loss == "perceptual"
    network = build_loss_network("alexnet-random", allow_download=False) if perceptual else None
    variant = variant_with(perceptual=perceptual, variational=False)
    objective = ReconstructionLoss(variant, 0.01, frozen_loss_network(network, device, plan))
    step = build_train_step(model, objective, plan, lr=1e-3)
    x = torch.from_numpy(synthetic_images(batch_size, side)).float().div(255)
    if plan.channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    net = objective.loss_network

    def phases() -> None:
        step.optimizer.zero_grad(set_to_none=True)
        with plan.autocast():
            with record_function("autoencoder forward"):
                reconstruction, _mu, _logvar = step.forward(x)
            if net is None:
                total = torch.nn.functional.mse_loss(reconstruction.float(), x)
            else:
                with record_function("loss network: target p(X)"), torch.no_grad():
                    wanted = net(x)
                with record_function("loss network: p(X^)"):
                    got = net(reconstruction)
                total = torch.nn.functional.mse_loss(got.float(), wanted.float())
        with record_function("backward"):
            total.backward()
        with record_function("optimiser step"):
            step.optimizer.step()

    phases()
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        for _ in range(steps):
            phases()
    labels = conv_labels(model, net)
    by_group: dict[str, float] = defaultdict(float)
    by_scope: dict[str, float] = defaultdict(float)
    for event in prof.events():
        if event.name in SCOPES:
            continue
        ms = event.self_cpu_time_total / 1000 / steps
        by_group[op_group(event.name, event.input_shapes or [], labels)] += ms
        by_scope[_scope(event)] += ms
    top = sorted(
        (e for e in prof.key_averages() if e.key not in SCOPES),
        key=lambda e: e.self_cpu_time_total,
        reverse=True,
    )[:10]
    return {
        "side": side,
        "loss": loss,
        "batch_size": batch_size,
        "path": plan.describe(),
        "threads": torch.get_num_threads(),
        "step_ms": round(sum(by_group.values()), 1),
        "by_phase_ms": {k: round(v, 1) for k, v in by_scope.items()},
        "by_group_ms": {k: round(v, 1) for k, v in sorted(by_group.items(), key=lambda i: -i[1])},
        "top_ops_ms": {e.key: round(e.self_cpu_time_total / 1000 / steps, 1) for e in top},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--side", type=int, default=64)
    parser.add_argument("--loss", choices=("pixel", "perceptual"), default="perceptual")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--bf16", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--channels-last", action=argparse.BooleanOptionalAction, default=None)
    args = parser.parse_args()
    speed = SpeedSettings(bf16=args.bf16, channels_last=args.channels_last)
    print(json.dumps(profile_step(args.side, args.loss, args.batch_size, args.steps, speed)))


if __name__ == "__main__":
    main()
