"""`percae perf` in one call: every figure of the performance issue, measured on one device.

Training speed (percae vs the naive loop, pixel and perceptual, 64x64 and 96x96), perceptual
overhead, LunarLander frame generation (pool vs one process), the predictor grid (batched vs
sequential) and the peak memory of loading each prepared dataset. Progress leaves as events;
the result is a `PerfReport` (plain data, `to_json()` for `--json`).
"""

from __future__ import annotations

import os
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch

from percae_core.data.registry import datasets
from percae_core.errors import UsageError
from percae_core.evaluation.predictor_grid import time_predictor_grid
from percae_core.events import EventSink, TaskAdvanced, TaskFinished, TaskStarted, ignore_events
from percae_core.paths import Home
from percae_core.perf.frame_generation import measure_frame_generation
from percae_core.perf.load_memory import measure_load_memory
from percae_core.perf.report import PerfReport
from percae_core.perf.training_speed import LOSSES, measure_training_pair
from percae_core.profiles import get_profile
from percae_core.training.device import available_cpu_cores, configure_cpu_threads, resolve_device
from percae_core.training.speed import SpeedSettings, resolve_speed

TRAIN_TASK = "perf-train"
INPUTS = (64, 96)


@dataclass(frozen=True)
class PerfExtent:
    """How long `percae perf` measures: batch size, steps per configuration, grid size."""

    batch_size: int
    steps: int
    steps_96: int
    warmup: int
    grid_size: tuple[int, int]
    """(training embeddings, epochs) of the timed predictor grid."""


SHORT = PerfExtent(batch_size=128, steps=8, steps_96=4, warmup=1, grid_size=(2000, 5))
"""The default: many short steps (a ratio with a spread in about three minutes on two cores)."""
FULL = PerfExtent(batch_size=512, steps=6, steps_96=4, warmup=1, grid_size=(4000, 10))
"""`--full`: the paper's batch size and the bigger predictor grid."""


@dataclass(frozen=True)
class PerfOptions:
    """What to measure and how long; ``steps`` are measured steps per 64x64 configuration
    (96x96 runs ``steps_96`` of them: each costs 2.25x). The defaults are the `SHORT` extent."""

    device: str = "auto"
    batch_size: int = SHORT.batch_size
    steps: int = SHORT.steps
    steps_96: int = SHORT.steps_96
    warmup: int = SHORT.warmup
    threads: int | None = None
    speed: SpeedSettings = field(default_factory=SpeedSettings)
    generation_workers: int | None = None
    grid_size: tuple[int, int] = SHORT.grid_size
    """(training embeddings, epochs) of the timed predictor grid."""
    memory_profile: str = "paper"
    home: Path | None = None
    sections: tuple[str, ...] = ("train", "generation", "grid", "memory")

    def check(self) -> None:
        for name, value in (
            ("--batch-size", self.batch_size),
            ("--steps", self.steps),
            ("--steps-96", self.steps_96),
            ("--grid-images", self.grid_size[0]),
            ("--grid-epochs", self.grid_size[1]),
        ):
            if value < 1:
                raise UsageError(
                    f"{name} {value} is not a positive number.", hint=f"Pass {name} 1 or more."
                )
        if self.threads is not None and self.threads < 1:
            raise UsageError(
                f"--threads {self.threads} is not a number of threads.", hint="Use 1 or more."
            )
        get_profile(self.memory_profile)


def _threads(options: PerfOptions, device: torch.device) -> int:
    if device.type == "cpu" and options.threads is None:
        return configure_cpu_threads()
    if options.threads is not None:
        torch.set_num_threads(options.threads)
    return torch.get_num_threads()


def _train(
    report: PerfReport, options: PerfOptions, device: torch.device, on_event: EventSink
) -> None:
    plan = resolve_speed(options.speed, device)
    report.machine["percae_path"] = plan.describe()
    total = sum(
        (options.warmup + (options.steps if side == 64 else options.steps_96)) * 2 * len(LOSSES)
        for side in INPUTS
    )
    on_event(TaskStarted(TRAIN_TASK, "Training speed: naive vs percae", total=total, unit="steps"))
    for side in INPUTS:
        steps = options.steps if side == 64 else options.steps_96
        for loss in LOSSES:
            pair = measure_training_pair(
                loss,
                side,
                options.batch_size,
                steps,
                device,
                plan,
                warmup=options.warmup,
                on_step=lambda: on_event(TaskAdvanced(TRAIN_TASK)),
            )
            report.train.extend(pair)
    on_event(TaskFinished(TRAIN_TASK))


def _memory(report: PerfReport, options: PerfOptions) -> None:
    if options.home is None:
        return
    scale_of = get_profile(options.memory_profile).scale
    for name, spec in datasets().items():
        if spec.is_ready(Home(options.home), scale_of(name)):
            report.memory.append(measure_load_memory(options.home, name, options.memory_profile))
        else:
            report.memory_missing.append(name)


def run_perf(options: PerfOptions, on_event: EventSink = ignore_events) -> PerfReport:
    """Measure every section of ``options`` and return the report."""
    options.check()
    device = resolve_device(options.device)
    report = PerfReport(device=str(device), batch_size=options.batch_size)
    report.machine.update(
        {
            "cpu": platform.processor() or platform.machine(),
            "cores": available_cpu_cores(),
            "torch_threads": _threads(options, device),
            "torch": torch.__version__,
            "load_average_start": round(os.getloadavg()[0], 2),
            "gpu": torch.cuda.get_device_name(device) if device.type == "cuda" else None,
        }
    )
    started = time.perf_counter()
    if "train" in options.sections:
        _train(report, options, device, on_event)
    if "generation" in options.sections:
        on_event(TaskStarted("perf-frames", "LunarLander frames: pool vs one process", total=None))
        workers = options.generation_workers or max(2, available_cpu_cores())
        report.generation = measure_frame_generation([1, workers])
        on_event(TaskFinished("perf-frames"))
    if "grid" in options.sections:
        on_event(TaskStarted("perf-grid", "Predictor grid: batched vs sequential", total=None))
        n, epochs = options.grid_size
        report.grid = {
            "n": n,
            "epochs": epochs,
            **time_predictor_grid(n, 64, val_n=n // 4, epochs=epochs, device=device),
        }
        on_event(TaskFinished("perf-grid"))
    if "memory" in options.sections:
        _memory(report, options)
    report.machine["load_average_end"] = round(os.getloadavg()[0], 2)
    report.seconds = time.perf_counter() - started
    return report
