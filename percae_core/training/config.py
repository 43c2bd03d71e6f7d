"""What one autoencoder fit is: variant, latent size, data, optimiser settings, seed.

`FitConfig.fingerprint()` hashes everything that changes the trained weights; checkpoints are
filed and checked under it. The device is deliberately not part of it: the same fit may start on
one machine and be resumed or reused on another. Settings a variant ignores (gamma for plain
autoencoders, the loss network for pixel-loss ones) are left out too, so they do not split
identical runs.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any, cast

from percae_core.early_stopping import default_patience
from percae_core.errors import UsageError
from percae_core.models.autoencoder import check_input_size
from percae_core.models.image_size import ImageSize, image_size
from percae_core.models.loss_networks import get_loss_network_spec
from percae_core.models.model_size import TRAINING_BYTES_PER_PARAMETER, check_model_memory
from percae_core.models.variants import DEFAULT_GAMMA, MAX_GAMMA, Variant, get_variant
from percae_core.training.device import DEVICE_CHOICES
from percae_core.training.precision import RESOLVED_PRECISIONS

FINGERPRINT_VERSION = 1


def _positive_int(name: str, value: Any, flag: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise UsageError(
            f"The {name} must be a positive whole number; got {value!r}.",
            hint=f"Pass {flag} with a value of 1 or more.",
        )


def _check_device_name(device: str) -> None:
    name = device.strip().lower()
    if name in DEVICE_CHOICES or (name.startswith("cuda:") and name[5:].isdigit()):
        return
    raise UsageError(
        f"Unknown device {device!r}.",
        hint=f"Choose one of: {', '.join(DEVICE_CHOICES)} (or cuda:N for the N-th GPU).",
    )


@dataclass(frozen=True)
class FitConfig:
    """One autoencoder fit. ``patience`` None means `default_patience(epochs)`; ``data_id`` names
    the training data (dataset, scale, cache checksum) so that fits on other data get other
    fingerprints."""

    variant: Variant
    z: int
    input_size: ImageSize = (64, 64)
    tile: int = 1
    epochs: int = 50
    batch_size: int = 512
    lr: float = 1e-3
    gamma: float = DEFAULT_GAMMA
    patience: int | None = None
    seed: int = 0
    device: str = "auto"
    loss_net: str | None = None
    data_id: str = ""
    #: "fp32" or "bf16" (`training/precision.py`); None = the device's default, not recorded in
    #: the fingerprint (so checkpoints made before precision was a choice still resume).
    precision: str | None = None
    #: Another feature distance / input normalisation than the loss network's own (names in
    #: `DISTANCES` / `INPUT_NORMS`); None = its own, and then not in the fingerprint.
    distance: str | None = None
    input_norm: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.variant, str):
            object.__setattr__(self, "variant", get_variant(self.variant))
        _positive_int("latent size", self.z, "--z")
        _positive_int("number of epochs", self.epochs, "--epochs")
        _positive_int("batch size", self.batch_size, "--batch-size")
        _positive_int("tiling factor", self.tile, "tile")
        if self.patience is None:
            object.__setattr__(self, "patience", default_patience(self.epochs))
        _positive_int("early-stopping patience", self.patience, "patience")
        if not self.lr > 0:
            raise UsageError(f"The learning rate must be positive; got {self.lr!r}.")
        if not (math.isfinite(self.gamma) and 0 <= self.gamma <= MAX_GAMMA):
            raise UsageError(
                f"The KLD weight gamma (--gamma) must be a finite number from 0 to {MAX_GAMMA:g}; "
                f"got {self.gamma!r}.",
                hint="The paper uses --gamma 0.01.",
            )
        object.__setattr__(self, "input_size", image_size(self.input_size))
        check_input_size(*self.input_size)
        check_model_memory(self.input_size, self.z, TRAINING_BYTES_PER_PARAMETER)
        _check_device_name(self.device)
        if self.variant.perceptual and not self.loss_net:
            raise UsageError(
                f"The {self.variant.title} variant needs a loss network name.",
                hint="Pass --loss-net (alexnet, or alexnet-random offline).",
            )
        if self.loss_net:
            object.__setattr__(self, "loss_net", get_loss_network_spec(self.loss_net).name)
        if self.precision is not None and self.precision not in RESOLVED_PRECISIONS:
            raise UsageError(
                f"The training precision must be one of {', '.join(RESOLVED_PRECISIONS)}; got "
                f"{self.precision!r}.",
                hint="Resolve auto for the device first (training/precision.py).",
            )

    @property
    def resolved_patience(self) -> int:
        """``patience`` as an int: `__post_init__` already put the default in place of None."""
        return cast(int, self.patience)

    def identity(self) -> dict[str, Any]:
        """The settings that determine the result, as plain JSON values."""
        return {
            "variant": self.variant.name,
            "z": self.z,
            "input_size": list(self.input_size),
            "tile": self.tile,
            "epochs": self.epochs,
            "batch_size": self.batch_size,
            "lr": self.lr,
            "gamma": self.gamma if self.variant.variational else None,
            "patience": self.patience,
            "seed": self.seed,
            "loss_net": self.loss_net if self.variant.perceptual else None,
            "data_id": self.data_id,
            **({"precision": self.precision} if self.precision is not None else {}),
            **self._loss_overrides(),
        }

    def _loss_overrides(self) -> dict[str, str]:
        """The distance and input normalisation, when a perceptual fit asks for other ones."""
        if not self.variant.perceptual:
            return {}
        chosen = {"distance": self.distance, "input_norm": self.input_norm}
        return {key: value for key, value in chosen.items() if value is not None}

    def fingerprint(self) -> str:
        """A short stable hash of `identity()` (same settings -> same name, on any machine)."""
        text = json.dumps({"v": FINGERPRINT_VERSION, **self.identity()}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def describe(self) -> str:
        net = f", loss net {self.loss_net}" if self.variant.perceptual else ""
        chosen = self._loss_overrides()
        net += "".join(f", {key.replace('_', ' ')} {value}" for key, value in chosen.items())
        return f"{self.variant.title} z={self.z}{net}"

    @classmethod
    def from_identity(cls, values: dict[str, Any], device: str = "auto") -> FitConfig:
        """Rebuild a configuration from `identity()` (as stored in a checkpoint)."""
        variant = get_variant(values["variant"])
        return cls(
            variant=variant,
            z=int(values["z"]),
            input_size=image_size(values["input_size"]),
            tile=int(values["tile"]),
            epochs=int(values["epochs"]),
            batch_size=int(values["batch_size"]),
            lr=float(values["lr"]),
            gamma=DEFAULT_GAMMA if values["gamma"] is None else float(values["gamma"]),
            patience=int(values["patience"]),
            seed=int(values["seed"]),
            device=device,
            loss_net=values["loss_net"],
            data_id=values["data_id"],
            precision=values.get("precision"),
            distance=values.get("distance"),
            input_norm=values.get("input_norm"),
        )
