"""Which device a fit runs on, how many CPU threads it uses, and what an out-of-memory means.

`--device auto` takes the first CUDA GPU when one is usable and the CPU otherwise; `cuda` on a
machine without one is an error that says why (CPU-only torch build or no GPU visible), never a
silent fallback, so that a user timing the GPU never times the CPU by mistake.
"""

from __future__ import annotations

import os

import torch

from percae_core.errors import DeviceError, UsageError

DEVICE_CHOICES = ("auto", "cpu", "cuda")


def _no_cuda_reason() -> str:
    if torch.version.cuda is None:
        return "the installed torch build is CPU-only"
    return "torch was built with CUDA but finds no usable GPU (driver missing or no GPU visible)"


def resolve_device(requested: str) -> torch.device:
    """``auto``, ``cpu``, ``cuda`` or ``cuda:N`` -> the torch device to train on."""
    name = requested.strip().lower()
    if name == "auto":
        return torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")
    if name == "cpu":
        return torch.device("cpu")
    if name == "cuda" or name.startswith("cuda:"):
        if not torch.cuda.is_available():
            raise DeviceError(
                f"A CUDA GPU was requested (--device {requested}) but none can be used: "
                f"{_no_cuda_reason()}.",
                hint="Run with --device cpu (or auto), or check `nvidia-smi` and install a "
                "CUDA build of torch (torch.version.cuda must not be None).",
            )
        device = torch.device(name)
        if device.index is not None and device.index >= torch.cuda.device_count():
            raise DeviceError(
                f"GPU {device.index} was requested but this machine has "
                f"{torch.cuda.device_count()} CUDA device(s) (numbered from 0).",
                hint="Choose --device cuda (the first GPU) or an index that exists.",
            )
        return device
    raise UsageError(
        f"Unknown device {requested!r}.",
        hint=f"Choose one of: {', '.join(DEVICE_CHOICES)} (or cuda:N for the N-th GPU).",
    )


def available_cpu_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def configure_cpu_threads() -> int:
    """Use every core this process may run on, unless the user chose with OMP_NUM_THREADS."""
    if not os.environ.get("OMP_NUM_THREADS"):
        torch.set_num_threads(available_cpu_cores())
    return torch.get_num_threads()


def out_of_memory_error(
    device: torch.device, batch_size: int, images_on_device: bool
) -> DeviceError:
    """The message for a CUDA out-of-memory error, naming the batch size to try instead."""
    smaller = max(1, batch_size // 2)
    where = " (the training images were also kept on the GPU)" if images_on_device else ""
    return DeviceError(
        f"The GPU ({device}) ran out of memory while training with batch size {batch_size}{where}. "
        "Epochs finished before it are saved in the checkpoint.",
        hint=f"Run again with --batch-size {smaller}, close other programs using the GPU "
        "(see `nvidia-smi`), or use --device cpu.",
    )


def synchronize(device: torch.device) -> None:
    """Wait for queued GPU work (only for timing at epoch boundaries; a no-op on the CPU)."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)
