"""What the experiment form offers, read once in a worker thread: the dataset and loss-network
registries' names (torch-free, so the form shows in a fraction of a second) and each dataset's
readiness in the home.

For each dataset and profile it also says whether the data is ready in this home, will be
prepared when the item runs (LunarLander renders itself), or must be imported or downloaded
first (STL-10, SVHN): the form marks these and refuses to queue what cannot run.
"""

from __future__ import annotations

from dataclasses import dataclass

from percae_core.paths import Home
from percae_core.profiles import PROFILES

READY = "ready"
PREPARED_WHEN_RUN = "prepared when run"
MISSING = "needs data"


@dataclass(frozen=True)
class DatasetChoice:
    name: str
    title: str
    how_to_get: str
    state: dict[str, str]
    """Profile name -> READY, PREPARED_WHEN_RUN or MISSING."""

    def label(self, profile: str) -> str:
        return f"{self.title} ({self.state.get(profile, MISSING)})"

    def missing_text(self) -> str:
        return (
            f"{self.title} has no data in this home: run `percae data download {self.name}` "
            f"(with internet) or `percae data import {self.name} PATH`, then add it again."
        )

    def runnable(self, profile: str) -> bool:
        return self.state.get(profile, MISSING) != MISSING


@dataclass(frozen=True)
class FormChoices:
    datasets: tuple[DatasetChoice, ...]
    loss_nets: tuple[str, ...]

    def dataset(self, name: str) -> DatasetChoice:
        return next(choice for choice in self.datasets if choice.name == name)


def load_form_choices(home: Home) -> FormChoices:
    """The registries' names (torch-free) and each dataset's readiness in ``home``."""
    from percae_core.data.registry import datasets
    from percae_core.models.loss_network_registry import list_loss_networks

    choices = []
    for name, spec in datasets().items():
        state = {}
        for profile_name, profile in PROFILES.items():
            if spec.is_ready(home, profile.scale(name)):
                state[profile_name] = READY
            elif spec.prepares_itself:
                state[profile_name] = PREPARED_WHEN_RUN
            else:
                state[profile_name] = MISSING
        choices.append(DatasetChoice(name, spec.title, spec.how_to_get, state))
    return FormChoices(tuple(choices), tuple(list_loss_networks()))


def warm_up_request_check() -> None:
    """Load what checking a queued request needs beyond the form (torch, for the model-size
    check), so that pressing Add to queue right after the form appears does not stall."""
    from percae_core.models.model_size import parameter_count

    parameter_count((64, 64), 1)
