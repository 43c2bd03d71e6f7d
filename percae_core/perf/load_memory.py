"""Peak resident memory of loading a prepared dataset for training, measured in a child process.

The child loads the dataset's parts at a profile's scale and builds the training batches source
(`ImageBatches` of the autoencoder's training split on the CPU, as a CPU fit does), then reports
its peak RSS (`VmHWM` of /proc/self/status: unlike `ru_maxrss`, which Linux carries over from
the forking parent through exec, it counts this program only). A fresh process per dataset, so
one dataset's pages never count for another's. Run as ``python -m percae_core.perf.load_memory HOME DATASET PROFILE``.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from percae_core.errors import PercaeError


@dataclass(frozen=True)
class LoadMemory:
    dataset: str
    profile: str
    train_images: int
    image_bytes: int
    peak_rss_bytes: int
    placement: str

    def record(self) -> dict[str, object]:
        return {
            "dataset": self.dataset,
            "profile": self.profile,
            "train_images": self.train_images,
            "image_bytes": self.image_bytes,
            "placement": self.placement,
            "peak_rss_mb": round(self.peak_rss_bytes / 2**20, 1),
        }


def measure_load_memory(home: Path, dataset: str, profile: str) -> LoadMemory:
    """Peak RSS of a child process that loads ``dataset`` and builds its training batches."""
    done = subprocess.run(
        [sys.executable, "-m", "percae_core.perf.load_memory", str(home), dataset, profile],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise PercaeError(
            f"Measuring the memory of loading {dataset} failed ({last}).",
            hint=f"Check the dataset with `percae data status`; run `percae data prepare` or "
            f"`percae data import` for {dataset} again if it is damaged.",
        )
    return LoadMemory(**json.loads(done.stdout.strip().splitlines()[-1]))


def peak_rss_bytes() -> int:
    """This process's peak resident memory (VmHWM; ru_maxrss where /proc is missing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _child(home: str, dataset: str, profile: str) -> None:
    import torch

    from percae_core.data.registry import get_dataset
    from percae_core.paths import Home
    from percae_core.profiles import get_profile
    from percae_core.training.batches import ImageBatches, split_bytes

    spec = get_dataset(dataset)
    parts = spec.load_parts(Home(Path(home)), get_profile(profile).scale(dataset), lambda _e: None)
    served = ImageBatches(parts.ae_train, torch.device("cpu"), parts.tile)
    next(iter(served.batches(512)))
    print(
        json.dumps(
            {
                "dataset": dataset,
                "profile": profile,
                "train_images": len(parts.ae_train),
                "image_bytes": split_bytes(parts.ae_train),
                "placement": served.placement,
                "peak_rss_bytes": peak_rss_bytes(),
            }
        )
    )


if __name__ == "__main__":
    _child(*sys.argv[1:4])
