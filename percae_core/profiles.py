"""Profiles: how big a study is, from a one-minute smoke run to the paper's full grid.

Each profile fixes the epochs and batch size, and per dataset the latent sizes and how much of
each part of Table I is used (seeded subsets; None = all of it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from percae_core.early_stopping import default_patience
from percae_core.errors import UsageError


@dataclass(frozen=True)
class DatasetScale:
    """How much of one dataset a profile uses."""

    z: tuple[int, ...]
    ae_images: int | None = None
    pred_images: int | None = None
    test_images: int | None = None
    rollouts: int | None = None
    steps: int | None = None
    onscreen: str = "paper"
    """LunarLander's off-screen rule: "paper" (the paper's bounds) or "exact" (the rendered screen)."""


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    ae_epochs: int
    batch_size: int
    predictor_epochs: int
    predictor_patience: int
    decoder_epochs: int
    pretrained_required: bool
    scales: dict[str, DatasetScale] = field(default_factory=dict)

    @property
    def patience(self) -> int:
        """Early-stopping patience of the autoencoder fit (`early_stopping.default_patience`)."""
        return default_patience(self.ae_epochs)

    def scale(self, dataset: str) -> DatasetScale:
        return self.scales[dataset]


PROFILES: dict[str, Profile] = {
    "smoke": Profile(
        name="smoke",
        description="seconds-long run on tiny data: checks that everything works, proves nothing",
        ae_epochs=2,
        batch_size=128,
        predictor_epochs=30,
        predictor_patience=5,
        decoder_epochs=1,
        pretrained_required=False,
        scales={
            "lunarlander": DatasetScale(z=(32,), rollouts=40, steps=50),
            "stl10": DatasetScale(z=(64,), ae_images=512, pred_images=400, test_images=200),
            "svhn": DatasetScale(z=(32,), ae_images=512, pred_images=400, test_images=200),
        },
    ),
    "quick": Profile(
        name="quick",
        description="a CPU-friendly reduction that still shows the paper's effect",
        ae_epochs=5,
        batch_size=128,
        predictor_epochs=100,
        predictor_patience=10,
        decoder_epochs=2,
        pretrained_required=False,
        scales={
            "lunarlander": DatasetScale(z=(32,), rollouts=200, steps=150),
            "stl10": DatasetScale(z=(128,), ae_images=10_000, pred_images=5_000, test_images=2_000),
            "svhn": DatasetScale(z=(64,), ae_images=20_000, pred_images=10_000, test_images=5_000),
        },
    ),
    "paper": Profile(
        name="paper",
        description="Table I sizes, the paper's latent sizes, 50 epochs with early stopping",
        ae_epochs=50,
        batch_size=512,
        predictor_epochs=500,
        predictor_patience=25,
        decoder_epochs=50,
        pretrained_required=True,
        scales={
            "lunarlander": DatasetScale(z=(32, 64, 128, 256), rollouts=1400, steps=150),
            "stl10": DatasetScale(z=(64, 128, 256, 512)),
            "svhn": DatasetScale(z=(32, 64, 128)),
        },
    ),
}


def list_profiles() -> list[str]:
    return list(PROFILES)


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise UsageError(
            f"Unknown profile {name!r}.", hint=f"Choose one of: {', '.join(PROFILES)}."
        ) from None
