"""Studies: named presets of what `percae bench` runs (`percae bench --study NAME`).

A `Study` fixes the datasets, variants, loss networks, latent sizes, gamma, the paper-scale
autoencoder epochs and batch size, the predictor protocol (`predictor_protocols.py`) and the
feature distance, input normalisation and geometry of one published experiment:

- ``pihlgren2020`` (the default): Pihlgren et al. 2020, every dataset, the four variants, the
  paper's AlexNet, the profile's latent sizes, the 2020 predictor grid.
- ``loss-networks``: the autoencoder benchmark of Pihlgren et al. 2023 (arXiv 2302.04032):
  SVHN and STL-10, a plain AE (their gamma 0) and a perceptual AE per loss network of
  `loss_network_study_entries()` (14 architectures x 4 layers), z = 64, 50 epochs, batch 256,
  plain MSE between raw features without input normalisation, SVHN reflect-padded to 64x64,
  and their 7 LeakyReLU predictors.

How a profile scales a study: the profile always decides how much data (its per-dataset
scales). `smoke` and `quick` also keep their own autoencoder epochs and batch size and their
short predictor training; `paper` (the profile with ``study_scale``) takes the study's own
numbers: its epochs and batch size, and its predictor protocol's epochs and patience
(`Study.scaled`). Latent sizes: the study's ``z`` in every profile, or, when None, the profile's
per-dataset sizes. Explicit flags (`--dataset`, `--z`, `--variants`, `--loss-net`, `--gamma`,
`--epochs`, `--batch-size`) override the preset (`runner.plan.resolved_request`); a dataset the
study does not have is a usage error.

The study's name is recorded with the experiment (its request), not in a cell's identity: a cell
planned through a study hashes like the same cell planned by hand, and differs from a 2020 cell
only through the settings that change numbers (batch size, latent size, the predictor protocol
when not the 2020 one, ...).

Torch-free, so `percae bench --help` can list the studies quickly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from percae_core.evaluation.predictor_protocols import DEFAULT_PROTOCOL, get_protocol
from percae_core.models.variants import DEFAULT_GAMMA, VARIANTS
from percae_core.profiles import PROFILES, Profile
from percae_core.registry import Registry

DEFAULT_STUDY = "pihlgren2020"

LossNetworks = Callable[[], Sequence[str]] | tuple[str, ...]


@dataclass(frozen=True)
class Study:
    """One published experiment as a preset of `percae bench`.

    ``datasets`` None: every registered dataset (and any may be asked for). ``loss_networks``: a
    tuple of names, or a callable giving them (read when a plan is made, so a registry filled
    later counts); empty means the default network. ``z`` None: the profile's sizes.
    ``distance`` and ``input_norm`` None: the loss network's own.
    """

    name: str
    title: str
    citation: str
    datasets: tuple[str, ...] | None
    variants: tuple[str, ...]
    loss_networks: LossNetworks
    z: tuple[int, ...] | None
    gamma: float
    ae_epochs: int
    batch_size: int
    predictor_protocol: str = DEFAULT_PROTOCOL
    distance: str | None = None
    input_norm: str | None = None
    geometry: str = "paper"

    def loss_net_names(self) -> list[str]:
        """The study's loss networks, in order (empty: the default network)."""
        nets = self.loss_networks() if callable(self.loss_networks) else self.loss_networks
        return list(nets)

    def scaled(self, profile: Profile) -> Profile:
        """``profile`` as it runs this study: its own numbers, or (``study_scale``) the study's
        epochs and batch size and the predictor protocol's epochs and patience."""
        if not profile.study_scale:
            return profile
        protocol = get_protocol(self.predictor_protocol)
        return replace(
            profile,
            ae_epochs=self.ae_epochs,
            batch_size=self.batch_size,
            predictor_epochs=protocol.epochs,
            predictor_patience=protocol.patience,
        )


def _loss_network_study_nets() -> list[str]:
    """The 2023 study's loss networks, read from the loss-network registry when asked."""
    from percae_core.models.loss_network_registry import loss_network_study_entries

    return loss_network_study_entries()


def _register_all() -> Registry[Study]:
    registry: Registry[Study] = Registry("study", normalise=lambda name: name.strip().lower())
    paper = PROFILES["paper"]
    registry.register(
        DEFAULT_STUDY,
        Study(
            name=DEFAULT_STUDY,
            title="Improving image autoencoder embeddings with perceptual loss",
            citation="Pihlgren, Sandin, Liwicki, IJCNN 2020 (arXiv 2001.03444)",
            datasets=None,
            variants=tuple(VARIANTS),
            loss_networks=(),
            z=None,
            gamma=DEFAULT_GAMMA,
            ae_epochs=paper.ae_epochs,
            batch_size=paper.batch_size,
        ),
    )
    registry.register(
        "loss-networks",
        Study(
            name="loss-networks",
            title="A systematic performance analysis of deep perceptual loss networks "
            "(autoencoder benchmark)",
            citation="Pihlgren, Nikolaidou, Chhipa, Abid, Saini, Sandin, Liwicki, 2023 "
            "(arXiv 2302.04032)",
            datasets=("svhn", "stl10"),
            variants=tuple(name for name, variant in VARIANTS.items() if not variant.variational),
            loss_networks=_loss_network_study_nets,
            z=(64,),
            gamma=0.0,
            ae_epochs=50,
            batch_size=256,
            predictor_protocol="loss-networks2023",
            distance="mse",
            input_norm="none",
            geometry="reflect-pad",
        ),
    )
    return registry


STUDIES: Registry[Study] = _register_all()


def list_studies() -> list[str]:
    return list(STUDIES)


def get_study(name: str) -> Study:
    """The study ``name`` (any case); a `UsageError` listing the known ones when unknown."""
    return STUDIES.lookup(name)
