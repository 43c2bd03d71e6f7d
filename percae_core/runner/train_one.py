"""One autoencoder fit outside a study (`percae train`), and the fit settings every fit shares.

`fit_config` is the one place where a fit's `FitConfig` is made from a dataset's parts: the input
size and tiling, `data_id` (which images: dataset, cache checksum, row hash) and the default
early-stopping patience. `percae train` (through `prepare_training` / `run_training`) and every
cell of a study (`cell_run.py`, which the CLI's `bench` and the TUI's queue worker run) use it.

`prepare_training` checks every flag before any data is loaded, then loads the data and chooses
the loss network (the same offline fallback as a study); `run_training` fits, resuming or reusing
the checkpoint ``<home>/runs/train/<fingerprint>/checkpoint.pt``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from percae_core.data.geometry import PAPER_GEOMETRY, check_geometry
from percae_core.data.parts import DatasetParts
from percae_core.data.registry import get_dataset
from percae_core.events import EventSink, ignore_events
from percae_core.models.input_size import check_input_size
from percae_core.models.loss_networks import (
    DEFAULT_LOSS_NETWORK,
    LossNetwork,
    choose_loss_network,
)
from percae_core.models.loss_settings import check_loss_settings, loss_overrides
from percae_core.models.variants import DEFAULT_GAMMA, Variant, get_variant
from percae_core.paths import Home
from percae_core.profiles import Profile, get_profile
from percae_core.training.config import FitConfig
from percae_core.training.device import resolve_device
from percae_core.training.fit import FitResult, data_signature, fit_autoencoder
from percae_core.training.precision import check_precision, resolve_precision


def data_id(parts: DatasetParts) -> str:
    """Which images a fit trains on: the dataset, its cache checksum and the rows used."""
    rows = data_signature(parts.ae_train, parts.ae_val)["rows"]
    return f"{parts.dataset}:{parts.meta.get('checksum', '')}:{rows}"


def fit_config(
    parts: DatasetParts,
    *,
    variant: Variant,
    z: int,
    epochs: int,
    batch_size: int,
    gamma: float,
    seed: int,
    device: str,
    loss_net: str | None,
    precision: str | None = None,
    distance: str | None = None,
    input_norm: str | None = None,
) -> FitConfig:
    """The configuration of one fit on ``parts`` (patience: the original code's default)."""
    return FitConfig(
        variant=variant,
        z=z,
        input_size=parts.image_size,
        tile=parts.tile,
        epochs=epochs,
        batch_size=batch_size,
        gamma=gamma,
        seed=seed,
        device=device,
        loss_net=loss_net if variant.perceptual else None,
        data_id=data_id(parts),
        precision=precision,
        distance=distance,
        input_norm=input_norm,
    )


@dataclass(frozen=True)
class TrainRequest:
    """What `percae train` was asked for; None means the profile's value."""

    dataset: str
    variant: str
    z: int
    profile: str = "quick"
    epochs: int | None = None
    batch_size: int | None = None
    loss_net: str | None = None
    gamma: float = DEFAULT_GAMMA
    seed: int = 0
    device: str = "auto"
    precision: str = "auto"
    distance: str | None = None
    input_norm: str | None = None
    geometry: str = PAPER_GEOMETRY


@dataclass(frozen=True)
class PreparedTraining:
    """Everything a fit needs, decided: data, configuration, loss network, checkpoint path."""

    request: TrainRequest
    profile: Profile
    title: str
    parts: DatasetParts
    config: FitConfig
    network: LossNetwork | None
    warning: str | None
    checkpoint: Path

    @property
    def run(self) -> str:
        return f"{self.parts.dataset} {self.config.describe()}"


def check_request(request: TrainRequest) -> FitConfig:
    """Every flag checked before any data is loaded; raises `UsageError` / `DeviceError`."""
    spec = get_dataset(request.dataset)
    variant = get_variant(request.variant)
    profile = get_profile(request.profile)
    config = FitConfig(
        variant=variant,
        z=request.z,
        input_size=spec.image_size,
        epochs=profile.ae_epochs if request.epochs is None else request.epochs,
        batch_size=profile.batch_size if request.batch_size is None else request.batch_size,
        gamma=request.gamma,
        seed=request.seed,
        device=request.device,
        loss_net=(request.loss_net or DEFAULT_LOSS_NETWORK) if variant.perceptual else None,
    )
    check_precision(request.precision)
    check_loss_settings(request.distance, request.input_norm)
    check_geometry(request.geometry, spec.title, spec.description.geometries)
    # a missing GPU is reported before any data is loaded
    precision = resolve_precision(request.precision, resolve_device(request.device))
    return dataclasses.replace(config, precision=precision)


def prepare_training(
    request: TrainRequest, home: Home, on_event: EventSink = ignore_events
) -> PreparedTraining:
    """Check the flags, load the data (rendering LunarLander when missing), choose the network."""
    checked = check_request(request)
    spec = get_dataset(request.dataset)
    profile = get_profile(request.profile)
    home.ensure()
    scale = dataclasses.replace(profile.scale(spec.name), geometry=request.geometry)
    parts = spec.load_parts(home, scale, on_event)
    network, warning, loss_net = None, None, None
    distance, input_norm = None, None
    if checked.variant.perceptual:
        choice = choose_loss_network(
            request.loss_net,
            pretrained_required=profile.pretrained_required,
            seed=request.seed,
            on_event=on_event,
            distance=request.distance,
            input_norm=request.input_norm,
        )
        network, warning, loss_net = choice.network, choice.warning, choice.name
        distance, input_norm = loss_overrides(choice.network)
        check_input_size(choice.name, spec.image_size, dataset=spec.title)
    config = fit_config(
        parts,
        variant=checked.variant,
        z=checked.z,
        epochs=checked.epochs,
        batch_size=checked.batch_size,
        gamma=checked.gamma,
        seed=checked.seed,
        device=checked.device,
        loss_net=loss_net,
        precision=checked.precision,
        distance=distance,
        input_norm=input_norm,
    )
    checkpoint = home.runs / "train" / config.fingerprint() / "checkpoint.pt"
    return PreparedTraining(
        request, profile, spec.title, parts, config, network, warning, checkpoint
    )


def run_training(
    prepared: PreparedTraining, *, restart: bool = False, on_event: EventSink = ignore_events
) -> FitResult:
    """Fit (or resume, or reuse) the prepared autoencoder."""
    return fit_autoencoder(
        prepared.parts.ae_train,
        prepared.parts.ae_val,
        prepared.config,
        loss_network=prepared.network,
        checkpoint=prepared.checkpoint,
        run=prepared.run,
        on_event=on_event,
        restart=restart,
    )
