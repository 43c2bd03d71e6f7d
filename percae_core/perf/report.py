"""What `percae perf` found: its figures, the ratios derived from them, and the JSON form.

`to_json()` keeps the fixed contract of DESIGN.md: key ``train``, a list of records
``{"impl", "loss", "input", "batch_size", "images_per_s"}`` (plus step timings); the other keys
(``ratios``, ``ratio_spread``, ``overhead_percent``, ``generation``, ``grid``, ``memory``,
``machine``) are free.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from percae_core.perf.frame_generation import GenerationSpeed
from percae_core.perf.load_memory import LoadMemory
from percae_core.perf.training_speed import TrainSpeed, paired_ratios


@dataclass
class PerfReport:
    device: str
    batch_size: int
    train: list[TrainSpeed] = field(default_factory=list)
    generation: list[GenerationSpeed] = field(default_factory=list)
    grid: dict[str, float] = field(default_factory=dict)
    memory: list[LoadMemory] = field(default_factory=list)
    memory_missing: list[str] = field(default_factory=list)
    machine: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def speed(self, impl: str, loss: str, side: int) -> float | None:
        return next(
            (r.images_per_s for r in self.train if (r.impl, r.loss, r.input) == (impl, loss, side)),
            None,
        )

    def ratios(self) -> dict[str, float]:
        """percae's images/s over the naive loop's, per ``"<loss> <input>"``."""
        found = {}
        for record in self.train:
            if record.impl != "percae":
                continue
            naive = self.speed("naive", record.loss, record.input)
            if naive:
                found[f"{record.loss} {record.input}"] = record.images_per_s / naive
        return found

    def ratio_spread(self) -> dict[str, tuple[float, float]]:
        """Quartiles (q1, q3) of the per-round ratios, per ``"<loss> <input>"``: how far one
        round's pair of steps strays from the median ratio on this machine at this load."""
        found = {}
        for record in self.train:
            naive = next(
                (
                    r
                    for r in self.train
                    if (r.impl, r.loss, r.input) == ("naive", record.loss, record.input)
                ),
                None,
            )
            if record.impl != "percae" or naive is None:
                continue
            ratios = paired_ratios(naive, record)
            if len(ratios) > 1:
                quartiles = statistics.quantiles(ratios, n=4, method="inclusive")
                found[f"{record.loss} {record.input}"] = (quartiles[0], quartiles[2])
            elif ratios:
                found[f"{record.loss} {record.input}"] = (ratios[0], ratios[0])
        return found

    def overhead_percent(self) -> dict[str, float]:
        """How much longer a perceptual step takes than a pixel one, per ``"<impl> <input>"``."""
        found = {}
        for record in self.train:
            if record.loss != "perceptual":
                continue
            pixel = self.speed(record.impl, "pixel", record.input)
            if pixel:
                found[f"{record.impl} {record.input}"] = 100 * (pixel / record.images_per_s - 1)
        return found

    def generation_speedup(self) -> float | None:
        if len(self.generation) < 2 or not self.generation[0].frames_per_s:
            return None
        return self.generation[-1].frames_per_s / self.generation[0].frames_per_s

    def to_json(self) -> dict[str, Any]:
        return {
            "device": self.device,
            "batch_size": self.batch_size,
            "train": [record.record() for record in self.train],
            "ratios": {k: round(v, 2) for k, v in self.ratios().items()},
            "ratio_spread": {
                k: [round(lo, 2), round(hi, 2)] for k, (lo, hi) in self.ratio_spread().items()
            },
            "overhead_percent": {k: round(v, 1) for k, v in self.overhead_percent().items()},
            "generation": [g.record() for g in self.generation],
            "generation_speedup": (
                None
                if self.generation_speedup() is None
                else round(self.generation_speedup() or 0, 2)
            ),
            "grid": {k: round(v, 3) for k, v in self.grid.items()},
            "memory": [m.record() for m in self.memory],
            "memory_not_prepared": self.memory_missing,
            "machine": self.machine,
            "seconds": round(self.seconds, 1),
        }
