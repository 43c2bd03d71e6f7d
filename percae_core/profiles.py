"""Profiles: how big a study is, from a two-minute smoke run to the paper's full grid.

Each profile fixes the epochs and batch size (`paper` takes a study's own, `studies.py`); per dataset, the latent sizes and how much of each
part of Table I it uses (seeded subsets; None = all of it) are in the dataset catalog
(`percae_core.data.catalog`), keyed by profile name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from percae_core.data.catalog import describe
from percae_core.data.scale import DatasetScale
from percae_core.errors import UsageError

__all__ = ["PROFILES", "DatasetScale", "Profile", "get_profile", "list_profiles"]


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
    study_scale: bool = False
    """Runs a study (`percae_core.studies`) at its own epochs and batch size (the paper scale)
    rather than this profile's (`Study.scaled`)."""
    scales: dict[str, DatasetScale] = field(default_factory=dict)
    """Overrides of the dataset catalog's scales for this profile (none by default)."""

    def scale(self, dataset: str) -> DatasetScale:
        """How much of ``dataset`` this profile uses: its catalog entry's scale for this profile.

        `UsageError` (never a bare KeyError) for an unknown dataset or one without a scale here.
        """
        if dataset in self.scales:
            return self.scales[dataset]
        return describe(dataset).scale_for(self.name)


PROFILES: dict[str, Profile] = {
    "smoke": Profile(
        name="smoke",
        description="about 2 min on 2 CPU cores, tiny data: checks that everything works, proves nothing",
        ae_epochs=2,
        batch_size=128,
        predictor_epochs=30,
        predictor_patience=5,
        decoder_epochs=1,
        pretrained_required=False,
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
        study_scale=True,
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
