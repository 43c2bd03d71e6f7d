"""LunarLander frame generation speed: one process vs a pool of worker processes.

Each count renders the same small collection from scratch into a throw-away home (so nothing
prepared by the user is touched), timed end to end as `percae data prepare` runs it: pool start,
rendering, and the checksums written with the cache.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from percae_core.data.lunarlander_prepare import CollectionParams, prepare_collection
from percae_core.data.splits import minimum_rollouts
from percae_core.paths import Home


@dataclass(frozen=True)
class GenerationSpeed:
    workers: int
    frames: int
    seconds: float

    @property
    def frames_per_s(self) -> float:
        return self.frames / self.seconds if self.seconds > 0 else 0.0

    def record(self) -> dict[str, object]:
        return {
            "workers": self.workers,
            "frames": self.frames,
            "seconds": round(self.seconds, 2),
            "frames_per_s": round(self.frames_per_s, 1),
        }


def measure_frame_generation(
    worker_counts: list[int], rollouts: int = 16, steps: int = 100, keep_in: Path | None = None
) -> list[GenerationSpeed]:
    """Render ``rollouts`` x ``steps`` frames once per worker count; frames/s of each.

    ``keep_in``: a folder where the last collection's home is left (to train on its frames).
    """
    params = CollectionParams(rollouts=max(rollouts, minimum_rollouts()), steps=steps)
    speeds = []
    for workers in worker_counts:
        with tempfile.TemporaryDirectory(prefix="percae-perf-") as folder:
            home = Home(Path(keep_in) if keep_in is not None else Path(folder))
            prepared = prepare_collection(home, params, workers=workers, force=True)
            speeds.append(GenerationSpeed(workers, params.frames, prepared.seconds))
    return speeds
