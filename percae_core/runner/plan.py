"""Planning a study: which cells (dataset x z x variant x repeat) run, with what, and how long.

A cell's identity is its configuration hash: the same command run again finds its finished cells
in the results database and skips them. The device is recorded but not part of the identity, so
a study started on a laptop can be finished on a GPU server; the training precision is part of
it, because it changes the numbers. Each run of a cell draws its randomness from (seed, repeat)
(`run_seed`), so repeats differ and `--seed 0 --repeats 2` never re-computes `--seed 1`.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING

from percae_core.data.catalog import describe
from percae_core.data.geometry import PAPER_GEOMETRY, check_geometry
from percae_core.data.registry import DatasetSpec, datasets, get_dataset
from percae_core.errors import UsageError
from percae_core.evaluation.predictor_protocols import DEFAULT_PROTOCOL
from percae_core.events import CellKey
from percae_core.models.loss_settings import check_loss_settings, effective, overrides
from percae_core.models.model_size import TRAINING_BYTES_PER_PARAMETER, check_model_memory
from percae_core.models.variants import DEFAULT_GAMMA, MAX_GAMMA, VARIANTS, Variant
from percae_core.profiles import Profile
from percae_core.runner.executors.options import ExecutorOptions
from percae_core.studies import DEFAULT_STUDY, get_study
from percae_core.training.precision import check_precision

if TYPE_CHECKING:  # planning imports no torch (the TUI's form checks requests before it loads)
    import torch

    from percae_core.models.loss_networks import LossNetwork

#: 2: the seed is the study's base seed, randomness comes from (seed, repeat), precision recorded.
CELL_FORMAT = 2


def _cpu() -> torch.device:
    import torch

    return torch.device("cpu")


def run_seed(seed: int, repeat: int) -> int:
    """The seed of repeat ``repeat`` of a study with base seed ``seed``: the seed itself for the
    first run, a hash of both for the others (so it never equals another study's first run)."""
    if repeat == 0:
        return int(seed)
    digest = hashlib.sha256(f"percae-run:{int(seed)}:{int(repeat)}".encode()).digest()
    return int.from_bytes(digest[:4], "little") & 0x7FFFFFFF


@dataclass(frozen=True)
class BenchRequest:
    """What the user asked for (`percae bench` flags or a TUI queue item)."""

    datasets: tuple[str, ...] = ()
    profile: str = "quick"
    z: tuple[int, ...] = ()
    variants: tuple[str, ...] = ()
    """Empty: the study's variants (all four for the default study)."""
    loss_net: str | None = None
    seed: int = 0
    repeats: int = 1
    device: str = "auto"
    gamma: float | None = None
    """None: the study's gamma (the paper's 0.01 for the default study)."""
    epochs: int | None = None
    batch_size: int | None = None
    onscreen: str = "paper"
    executor: ExecutorOptions = field(default_factory=ExecutorOptions)
    precision: str = "auto"
    study: str = DEFAULT_STUDY
    """The preset (`percae_core.studies`) that fills what the fields above leave open."""
    distance: str | None = None
    """A feature distance (`DISTANCES`) for every perceptual cell; None = each network's own."""
    input_norm: str | None = None
    """An input normalisation (`INPUT_NORMS`); None = each network's own."""
    geometry: str | None = None
    """How the datasets' images become model input (`GEOMETRIES`); None = the study's."""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> BenchRequest:
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for key in ("datasets", "z", "variants"):
            if key in fields and fields[key] is not None:
                fields[key] = tuple(fields[key])
        if isinstance(fields.get("executor"), dict):
            fields["executor"] = ExecutorOptions(**fields["executor"])
        return cls(**fields)


#: A built loss network's identity: its name, and the distance and input normalisation asked
#: for instead of its own (None: its own).
LossKey = tuple[str, str | None, str | None]


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
    in_sweep: bool = False
    """Part of a study over several loss networks: the label names the network."""
    precision: str = "fp32"
    distance: str | None = None
    """Another distance than the loss network's own (a name in `DISTANCES`); None = its own."""
    input_norm: str | None = None
    """Another input normalisation than the network's own (`INPUT_NORMS`); None = its own."""
    geometry: str = PAPER_GEOMETRY
    """How the images become model input (`GEOMETRIES`)."""
    predictor_protocol: str = DEFAULT_PROTOCOL
    """Which predictors are trained and tested (`predictor_protocols.py`)."""

    @property
    def run_seed(self) -> int:
        """The seed this run's randomness (weights, batch order, predictors) comes from."""
        return run_seed(self.seed, self.repeat)

    def config(self) -> dict:
        """Everything that changes this cell's results (the device is recorded separately)."""
        return {
            "format": CELL_FORMAT,
            "dataset": self.dataset,
            "variant": self.variant.name,
            "z": self.z,
            "repeat": self.repeat,
            "seed": self.seed,
            "run_seed": self.run_seed,
            "precision": self.precision,
            "profile": self.profile,
            "loss_net": self.loss_net if self.variant.perceptual else None,
            "gamma": self.gamma if self.variant.variational else None,
            "epochs": self.epochs,
            "batch_size": self.batch_size,
            **({"onscreen": self.onscreen} if self.onscreen != "paper" else {}),
            **self._added_settings(),
            **(
                {"predictor_protocol": self.predictor_protocol}
                if self.predictor_protocol != DEFAULT_PROTOCOL
                else {}
            ),
        }

    def _added_settings(self) -> dict[str, str]:
        """The settings added after the first cells were stored, only where they are not the
        default (so every older cell keeps its hash)."""
        added: dict[str, str] = {}
        if self.variant.perceptual and self.distance is not None:
            added["distance"] = self.distance
        if self.variant.perceptual and self.input_norm is not None:
            added["input_norm"] = self.input_norm
        if self.geometry != PAPER_GEOMETRY:
            added["geometry"] = self.geometry
        return added

    def stored_settings(self) -> dict[str, str | None]:
        """The distance and input normalisation a perceptual cell uses (its network's own where
        it asked for none; None without a loss network) and the geometry, as stored."""
        distance, input_norm = (
            effective(self.loss_net, self.distance, self.input_norm)
            if self.variant.perceptual
            else (None, None)
        )
        return {"distance": distance, "input_norm": input_norm, "geometry": self.geometry}

    @property
    def loss_key(self) -> LossKey:
        """Which built loss network this cell uses (`Plan.loss_networks`)."""
        return (self.loss_net, self.distance, self.input_norm)

    @property
    def config_hash(self) -> str:
        text = json.dumps(self.config(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @property
    def label(self) -> str:
        rep = f" r{self.repeat}" if self.repeat else ""
        net = f" [{self.loss_net}]" if self.in_sweep and self.variant.perceptual else ""
        chosen = [self.distance, self.input_norm] if self.variant.perceptual else []
        net += "".join(f" {value}" for value in chosen if value is not None)
        return f"{self.dataset} z={self.z} {self.variant.title}{net}{rep}"

    @property
    def key(self) -> CellKey:
        """The cell's identity as events carry it (`Event.cell`)."""
        return CellKey(
            dataset=self.dataset,
            variant=self.variant.name,
            z=self.z,
            loss_net=self.loss_net if self.variant.perceptual else None,
            repeat=self.repeat,
            label=self.label,
        )


@dataclass
class Plan:
    request: BenchRequest
    profile: Profile
    loss_net: str
    cells: list[Cell]
    datasets: list[DatasetSpec]
    skipped: dict[str, str] = field(default_factory=dict)
    loss_warning: str | None = None
    loss_networks: dict[LossKey, LossNetwork] = field(default_factory=dict)
    device: torch.device = field(default_factory=lambda: _cpu())


def resolved_request(request: BenchRequest) -> BenchRequest:
    """``request`` with what it leaves open taken from its study (`Study`): datasets, variants,
    loss networks, latent sizes, gamma, distance, input normalisation and geometry. Explicit
    values win; a dataset outside the study is a `UsageError`. Resolving twice changes nothing.
    """
    study = get_study(request.study)
    outside = [
        n for n in request.datasets if study.datasets is not None and n not in study.datasets
    ]
    if outside:
        raise UsageError(
            f"The {study.name} study has no dataset {', '.join(map(repr, outside))}.",
            hint=f"Choose from: {', '.join(study.datasets or ())}, or use another --study.",
        )
    nets = ",".join(study.loss_net_names()) or None
    return replace(
        request,
        study=study.name,
        datasets=request.datasets or study.datasets or (),
        variants=request.variants or study.variants,
        loss_net=request.loss_net if request.loss_net is not None else nets,
        z=request.z or study.z or (),
        gamma=study.gamma if request.gamma is None else request.gamma,
        distance=request.distance if request.distance is not None else study.distance,
        input_norm=request.input_norm if request.input_norm is not None else study.input_norm,
        geometry=request.geometry or study.geometry,
    )


def _validate(request: BenchRequest) -> None:
    if request.repeats < 1:
        raise UsageError(f"--repeats must be at least 1; got {request.repeats}.")
    if any(z <= 0 for z in request.z):
        raise UsageError(f"Latent sizes must be positive integers; got {list(request.z)}.")
    for z in request.z:  # before any data is rendered: at least the smallest images' model
        check_model_memory((64, 64), z, TRAINING_BYTES_PER_PARAMETER)
    if request.epochs is not None and request.epochs < 1:
        raise UsageError(f"--epochs must be at least 1; got {request.epochs}.")
    if request.batch_size is not None and request.batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1; got {request.batch_size}.")
    if request.onscreen not in ("paper", "exact"):
        raise UsageError(
            f"Unknown off-screen rule {request.onscreen!r}.", hint="Choose paper or exact."
        )
    gamma = DEFAULT_GAMMA if request.gamma is None else request.gamma
    if not (math.isfinite(gamma) and 0 <= gamma <= MAX_GAMMA):
        raise UsageError(
            f"--gamma must be a finite number from 0 to {MAX_GAMMA:g}; got {request.gamma}.",
            hint="The paper uses --gamma 0.01.",
        )
    check_precision(request.precision)
    check_loss_settings(request.distance, request.input_norm)
    for name in request.variants:
        if name not in VARIANTS:
            raise UsageError(
                f"Unknown variant {name!r}.", hint=f"Choose from: {', '.join(VARIANTS)}."
            )


def requested_loss_nets(request: BenchRequest) -> list[str | None]:
    """``--loss-net a,b,c`` -> [a, b, c] (a sweep); no flag -> [None] (the default network)."""
    if request.loss_net is None:
        return [None]
    names = [name.strip() for name in request.loss_net.split(",") if name.strip()]
    if not names:
        raise UsageError("--loss-net names no loss network.", hint="Write e.g. --loss-net alexnet.")
    return list(dict.fromkeys(names))


def build_cells(
    request: BenchRequest,
    profile: Profile,
    loss_net: str | Sequence[str],
    names: list[str],
    precision: str = "fp32",
) -> list[Cell]:
    """The grid, in the order it runs: dataset, repeat, z, variant (pixel before perceptual),
    loss network (one cell per network for the perceptual variants, pixel variants once).

    ``precision`` is the resolved training precision (fp32 or bf16) of the plan's device."""
    request = resolved_request(request)
    study = get_study(request.study)
    profile = study.scaled(profile)
    gamma = DEFAULT_GAMMA if request.gamma is None else request.gamma
    nets = [loss_net] if isinstance(loss_net, str) else list(loss_net)
    cells: list[Cell] = []
    for name in names:
        sizes = request.z or profile.scale(name).z
        for repeat in range(request.repeats):
            for z in sizes:
                for variant in VARIANTS.values():
                    if variant.name not in request.variants:
                        continue
                    for net in nets if variant.perceptual else nets[:1]:
                        distance, input_norm = _overrides(request, net, variant)
                        cells.append(
                            Cell(
                                dataset=name,
                                variant=variant,
                                z=int(z),
                                repeat=repeat,
                                seed=request.seed,
                                profile=profile.name,
                                loss_net=net,
                                gamma=gamma,
                                epochs=request.epochs or profile.ae_epochs,
                                batch_size=request.batch_size or profile.batch_size,
                                onscreen=(
                                    request.onscreen if describe(name).onscreen_rule else "paper"
                                ),
                                in_sweep=len(nets) > 1,
                                precision=precision,
                                distance=distance,
                                input_norm=input_norm,
                                geometry=request.geometry or PAPER_GEOMETRY,
                                predictor_protocol=study.predictor_protocol,
                            )
                        )
    return cells


def _overrides(request: BenchRequest, net: str, variant: Variant) -> tuple[str | None, str | None]:
    """The cell's distance and normalisation: None where they are the network's own."""
    if not variant.perceptual or (request.distance is None and request.input_norm is None):
        return None, None
    return overrides(net, request.distance, request.input_norm)


def requested_datasets(request: BenchRequest) -> list[DatasetSpec]:
    request = resolved_request(request)
    _validate(request)
    if request.datasets:
        specs = [get_dataset(name) for name in dict.fromkeys(request.datasets)]
    else:
        specs = list(datasets().values())
    for spec in specs:
        check_geometry(request.geometry or PAPER_GEOMETRY, spec.title, spec.description.geometries)
    return specs
