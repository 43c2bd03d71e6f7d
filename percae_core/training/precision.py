"""Training precision: a recorded choice that enters a result's identity, not a hidden default.

``fp32``: everything in fp32. ``bf16``: the autoencoder's forward pass under bf16 autocast; the
perceptual loss network and the distance between its features always run in fp32, outside
autocast, because in bf16 the perceptual loss reads 7-18 % high and floors at many times its true
value on near-perfect reconstructions (docs/benchmarks.md). ``auto`` picks ``bf16`` where the
device multiplies bf16 natively (CUDA with bf16, CPUs with AMX or AVX512-BF16) and ``fp32``
elsewhere. Results store the resolved name, never ``auto``.

The choices and their check import no torch (the TUI's form offers them before torch loads).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from percae_core.errors import UsageError

if TYPE_CHECKING:
    import torch

PRECISION_CHOICES = ("auto", "fp32", "bf16")
RESOLVED_PRECISIONS = ("fp32", "bf16")


def check_precision(name: str) -> str:
    """``name`` normalised, or a UsageError naming the choices."""
    chosen = str(name).strip().lower()
    if chosen not in PRECISION_CHOICES:
        raise UsageError(
            f"Unknown training precision {name!r}.",
            hint=f"Choose one of: {', '.join(PRECISION_CHOICES)} (auto = bf16 where the device "
            "has native bf16, else fp32).",
        )
    return chosen


def native_bf16(device: torch.device) -> bool:
    """True when ``device`` multiplies bf16 in hardware."""
    from percae_core.training.speed import cpu_has_native_bf16

    if device.type == "cuda":
        import torch

        return bool(torch.cuda.is_bf16_supported())
    return device.type == "cpu" and cpu_has_native_bf16()


def resolve_precision(name: str, device: torch.device) -> str:
    """The precision a fit on ``device`` uses for the choice ``name`` (fp32 or bf16)."""
    chosen = check_precision(name)
    if chosen != "auto":
        return chosen
    return "bf16" if native_bf16(device) else "fp32"
