"""How a fit runs fast on its device: bf16 autocast, channels_last, torch.compile.

channels_last and torch.compile change only how fast a fit runs; bf16 changes its rounding, so
the precision is recorded with each result and is part of a study cell's identity. `SpeedSettings` says what the caller wants (None = percae's
default for the device); `resolve_speed` turns it into a `SpeedPlan` for one device:

- bf16 autocast: on by default on CUDA and on CPUs with native bf16 matrix units (AMX or
  AVX512-BF16), where it measured 2x faster for these small convnets; off elsewhere, where bf16
  is emulated and slow. It covers the autoencoder only: the perceptual loss network and its
  feature distance run in fp32 (`train_step.py`). The precision changes the numbers, so a
  study records it with every fit (`training/precision.py`).
- channels_last: on by default everywhere (oneDNN and cuDNN both prefer NHWC convolutions).
- torch.compile: off by default (its first-step compile costs more than short fits gain); on
  with ``compile=True``.
- fused Adam (one kernel over all parameters instead of a loop of small element-wise ops per
  parameter): on by default on every device; the same update up to rounding.

`SpeedPlan.describe()` is recorded with every fit (`FitResult.speed_path`) so that a reported
speed always names the path that produced it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class SpeedSettings:
    """What the caller asks for; None leaves the choice to percae's default for the device."""

    bf16: bool | None = None
    channels_last: bool | None = None
    compile: bool = False
    fused_optimizer: bool | None = None


@dataclass(frozen=True)
class SpeedPlan:
    """The settings a fit on ``device`` actually uses."""

    device_type: str
    bf16: bool
    channels_last: bool
    compile: bool
    fused_optimizer: bool = True

    def autocast(self) -> contextlib.AbstractContextManager[object]:
        """The context the forward pass and the loss run in."""
        if not self.bf16:
            return contextlib.nullcontext()
        return torch.autocast(self.device_type, dtype=torch.bfloat16)

    @property
    def precision(self) -> str:
        """The recorded training precision (`training/precision.py`): bf16 or fp32."""
        return "bf16" if self.bf16 else "fp32"

    def describe(self) -> str:
        return (
            f"{'bf16 autocast' if self.bf16 else 'fp32'}, "
            f"{'channels_last' if self.channels_last else 'NCHW'}, "
            f"{'torch.compile' if self.compile else 'eager'}, "
            f"{'fused Adam' if self.fused_optimizer else 'Adam'}"
        )


def cpu_has_native_bf16() -> bool:
    """True when this CPU multiplies bf16 in hardware (AMX tiles or AVX512-BF16)."""
    probes: list[Callable[[], bool]] = [
        getattr(torch.cpu, "_is_amx_tile_supported", lambda: False),
        getattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False),
    ]
    try:
        return any(probe() for probe in probes)
    except RuntimeError:
        return False


def resolve_speed(settings: SpeedSettings, device: torch.device) -> SpeedPlan:
    """Fill in the defaults of ``settings`` for ``device``."""
    if settings.bf16 is not None:
        bf16 = settings.bf16
    elif device.type == "cuda":
        bf16 = torch.cuda.is_bf16_supported()
    else:
        bf16 = device.type == "cpu" and cpu_has_native_bf16()
    channels_last = True if settings.channels_last is None else settings.channels_last
    fused = (
        fused_adam_supported(device)
        if settings.fused_optimizer is None
        else settings.fused_optimizer
    )
    return SpeedPlan(device.type, bf16, channels_last, settings.compile, fused)


def fused_adam_supported(device: torch.device) -> bool:
    """Whether this torch has a fused Adam kernel for ``device`` (CPU from torch 2.4 on)."""
    try:
        parameter = torch.nn.Parameter(torch.zeros(1, device=device))
        torch.optim.Adam([parameter], fused=True)
    except (RuntimeError, ValueError):
        return False
    return True
