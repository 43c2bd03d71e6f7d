"""Planning a study: which cells (dataset x z x variant x repeat) run, with what, and how long.

A cell's identity is its configuration hash: the same command run again finds its finished cells
in the results database and skips them. The device is recorded but not part of the identity, so
a study started on a laptop can be finished on a GPU server.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

import torch

from percae_core.data.catalog import describe
from percae_core.data.registry import DatasetSpec, datasets, get_dataset
from percae_core.errors import UsageError
from percae_core.models.variants import DEFAULT_GAMMA, VARIANTS, Variant
from percae_core.profiles import Profile

CELL_FORMAT = 1


@dataclass(frozen=True)
class BenchRequest:
    """What the user asked for (`percae bench` flags or a TUI queue item)."""

    datasets: tuple[str, ...] = ()
    profile: str = "quick"
    z: tuple[int, ...] = ()
    variants: tuple[str, ...] = tuple(VARIANTS)
    loss_net: str | None = None
    seed: int = 0
    repeats: int = 1
    device: str = "auto"
    gamma: float = DEFAULT_GAMMA
    epochs: int | None = None
    batch_size: int | None = None
    onscreen: str = "paper"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> BenchRequest:
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for key in ("datasets", "z", "variants"):
            if key in fields and fields[key] is not None:
                fields[key] = tuple(fields[key])
        return cls(**fields)


@dataclass(frozen=True)
class Cell:
    dataset: str
    variant: Variant
    z: int
    repeat: int
    seed: int
    profile: str
    loss_net: str
    gamma: float
    epochs: int
    batch_size: int
    onscreen: str = "paper"

    def config(self) -> dict:
        """Everything that changes this cell's results (the device is recorded separately)."""
        return {
            "format": CELL_FORMAT,
            "dataset": self.dataset,
            "variant": self.variant.name,
            "z": self.z,
            "repeat": self.repeat,
            "seed": self.seed,
            "profile": self.profile,
            "loss_net": self.loss_net if self.variant.perceptual else None,
            "gamma": self.gamma if self.variant.variational else None,
            "epochs": self.epochs,
            "batch_size": self.batch_size,
            **({"onscreen": self.onscreen} if self.onscreen != "paper" else {}),
        }

    @property
    def config_hash(self) -> str:
        text = json.dumps(self.config(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @property
    def label(self) -> str:
        rep = f" r{self.repeat}" if self.repeat else ""
        return f"{self.dataset} z={self.z} {self.variant.title}{rep}"


@dataclass
class Plan:
    request: BenchRequest
    profile: Profile
    loss_net: str
    cells: list[Cell]
    datasets: list[DatasetSpec]
    skipped: dict[str, str] = field(default_factory=dict)
    loss_warning: str | None = None
    loss_network: torch.nn.Module | None = None
    device: torch.device = field(default_factory=lambda: torch.device("cpu"))


def _validate(request: BenchRequest) -> None:
    if request.repeats < 1:
        raise UsageError(f"--repeats must be at least 1; got {request.repeats}.")
    if any(z <= 0 for z in request.z):
        raise UsageError(f"Latent sizes must be positive integers; got {list(request.z)}.")
    if request.epochs is not None and request.epochs < 1:
        raise UsageError(f"--epochs must be at least 1; got {request.epochs}.")
    if request.batch_size is not None and request.batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1; got {request.batch_size}.")
    if request.onscreen not in ("paper", "exact"):
        raise UsageError(
            f"Unknown off-screen rule {request.onscreen!r}.", hint="Choose paper or exact."
        )
    if request.gamma < 0:
        raise UsageError(f"--gamma must be zero or positive; got {request.gamma}.")
    for name in request.variants:
        if name not in VARIANTS:
            raise UsageError(
                f"Unknown variant {name!r}.", hint=f"Choose from: {', '.join(VARIANTS)}."
            )


def build_cells(
    request: BenchRequest, profile: Profile, loss_net: str, names: list[str]
) -> list[Cell]:
    """The grid, in the order it runs: dataset, repeat, z, variant (pixel before perceptual)."""
    cells: list[Cell] = []
    for name in names:
        sizes = request.z or profile.scale(name).z
        for repeat in range(request.repeats):
            for z in sizes:
                for variant in VARIANTS.values():
                    if variant.name not in request.variants:
                        continue
                    cells.append(
                        Cell(
                            dataset=name,
                            variant=variant,
                            z=int(z),
                            repeat=repeat,
                            seed=request.seed + repeat,
                            profile=profile.name,
                            loss_net=loss_net,
                            gamma=request.gamma,
                            epochs=request.epochs or profile.ae_epochs,
                            batch_size=request.batch_size or profile.batch_size,
                            onscreen=request.onscreen if describe(name).onscreen_rule else "paper",
                        )
                    )
    return cells


def requested_datasets(request: BenchRequest) -> list[DatasetSpec]:
    _validate(request)
    if request.datasets:
        return [get_dataset(name) for name in dict.fromkeys(request.datasets)]
    return list(datasets().values())
