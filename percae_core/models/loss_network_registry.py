"""The perceptual loss networks by name (torch-free): what each name means, not the modules.

`LOSS_NETWORKS` is the registry (`loss_networks.py` explains the names and builds the networks);
it imports no torch, so the commands that only list or check things (`percae weights status`,
`percae bench --help`) start fast. A spec names its distance in `DISTANCES` (`distances.py`), whose
builder module (which needs torch) is imported only when a network is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from percae_core.models import trunks  # noqa: F401  (registers the trunks)
from percae_core.models.distances import DISTANCES, SIGMOID_MSE
from percae_core.models.distances import LPIPS as LPIPS_DISTANCE
from percae_core.models.input_norms import own_input_norm
from percae_core.models.trunk_registry import TRUNKS
from percae_core.models.weights_file import PretrainedFile, register_weights_file
from percae_core.registry import Registry

if TYPE_CHECKING:
    from percae_core.models.feature_distance import DistanceBuilder

DEFAULT_LOSS_NETWORK = "alexnet"
FALLBACK_LOSS_NETWORK = "alexnet-random"

LPIPS_WEIGHTS = "lpips-alex"
# LPIPS v0.1's learned per-channel weights on AlexNet's 5 ReLUs (`models/lpips_distance.py`).
register_weights_file(
    PretrainedFile(
        model=LPIPS_WEIGHTS,
        url="https://github.com/richzhang/PerceptualSimilarity/raw/master/lpips/weights/v0.1/"
        "alex.pth",
        expected_mb=0.006,
        name="lpips-alex-v0.1-df73285e.pth",
        packaged=("lpips", "weights/v0.1/alex.pth"),
    )
)
LPIPS_LAYERS = ("relu1", "relu2", "relu3", "relu4", "relu5")


@dataclass(frozen=True)
class LossNetworkSpec:
    """What a name means: which torchvision model, tapped where, compared how, which weights.

    ``distance`` is the network's own distance (a name in `DISTANCES`; a cell may ask for
    another), ``imagenet_normalised`` its own input normalisation (`input_norm`); ``distance_files`` are the weights files (keys of `PRETRAINED_FILES`)
    that the pretrained distance needs besides the trunk's; ``fallback`` is the random network
    the smoke and quick profiles use instead when the files are missing.
    """

    name: str
    model: str
    """The trunk's name in `TRUNKS` (its architecture)."""
    layers: tuple[str, ...]
    pretrained: bool
    imagenet_normalised: bool
    description: str
    distance: str = SIGMOID_MSE
    distance_files: tuple[str, ...] = ()
    fallback: str | None = None

    @property
    def weight_files(self) -> tuple[str, ...]:
        """Every weights file (key of `PRETRAINED_FILES`) this network needs; none if random."""
        return (self.model, *self.distance_files) if self.pretrained else ()

    @property
    def input_norm(self) -> str:
        """The network's own input normalisation (a name in `INPUT_NORMS`)."""
        return own_input_norm(self.imagenet_normalised)

    def distance_builder(self, distance: str | None = None) -> DistanceBuilder:
        """The builder of ``distance`` (None: the network's own), its module imported now."""
        return DISTANCES.lookup(self.distance if distance is None else distance).build_function()


def _alexnet_specs() -> list[LossNetworkSpec]:
    specs: list[LossNetworkSpec] = []
    for pretrained, base in ((True, "alexnet"), (False, "alexnet-random")):
        weights = "ImageNet-pretrained" if pretrained else "seeded random, frozen"
        for layer in TRUNKS["alexnet"].cuts:
            name = base if layer == "relu2" else f"{base}:{layer}"
            paper = " (the paper's)" if name == "alexnet" else ""
            specs.append(
                LossNetworkSpec(
                    name,
                    "alexnet",
                    (layer,),
                    pretrained,
                    False,
                    f"AlexNet up to {layer}, {weights}{paper}",
                    fallback=name.replace("alexnet", "alexnet-random") if pretrained else None,
                )
            )
    return specs


def _layer_specs(trunk: str, layers: tuple[str, ...], *, random_too: bool) -> list[LossNetworkSpec]:
    """``TRUNK:LAYER`` (pretrained) for each layer, and ``TRUNK-random:LAYER`` if ``random_too``."""
    title = TRUNKS[trunk].title
    kinds = (
        (True, trunk, "ImageNet-pretrained"),
        (False, f"{trunk}-random", "seeded random, frozen"),
    )
    return [
        LossNetworkSpec(
            f"{base}:{layer}",
            trunk,
            (layer,),
            pretrained,
            True,
            f"{title} up to {layer}, {weights}",
        )
        for pretrained, base, weights in kinds[: 2 if random_too else 1]
        for layer in layers
    ]


def _lpips_specs() -> list[LossNetworkSpec]:
    specs: list[LossNetworkSpec] = []
    for pretrained, name in ((True, "lpips"), (False, "lpips-random")):
        weights = (
            "ImageNet-pretrained, LPIPS v0.1's learned channel weights"
            if pretrained
            else "seeded random, frozen, equal channel weights"
        )
        specs.append(
            LossNetworkSpec(
                name,
                "alexnet",
                LPIPS_LAYERS,
                pretrained,
                True,
                f"LPIPS: AlexNet's 5 ReLUs channel-normalised, {weights}",
                distance=LPIPS_DISTANCE,
                distance_files=(LPIPS_WEIGHTS,) if pretrained else (),
                fallback="lpips-random" if pretrained else None,
            )
        )
    return specs


_ALIASES = {"alexnet:relu2": "alexnet", "alexnet-random:relu2": "alexnet-random"}


def _canonical(name: str) -> str:
    key = name.strip().lower()
    return _ALIASES.get(key, key)


def _register_all() -> Registry[LossNetworkSpec]:
    registry: Registry[LossNetworkSpec] = Registry("loss network", normalise=_canonical)
    specs = [
        *_alexnet_specs(),
        *_layer_specs("vgg16", tuple(TRUNKS["vgg16"].cuts), random_too=False),
        *_layer_specs("resnet18", tuple(TRUNKS["resnet18"].cuts), random_too=False),
        *_lpips_specs(),
        *_layer_specs("squeezenet1_1", ("relu1", "fire2", "fire5", "fire9"), random_too=True),
    ]
    # The two paper-level names first (the default and its fallback), then the layer choices.
    specs.sort(key=lambda spec: ":" in spec.name)
    for spec in specs:
        registry.register(spec.name, spec)
    return registry


LOSS_NETWORKS: Registry[LossNetworkSpec] = _register_all()


def list_loss_networks() -> list[str]:
    """Every loss-network name, canonical form (`alexnet:relu2` is accepted as `alexnet`)."""
    return list(LOSS_NETWORKS)


def get_loss_network_spec(name: str) -> LossNetworkSpec:
    """The spec of ``name`` (any case; `alexnet:relu2` is `alexnet`); `UsageError` if unknown."""
    return LOSS_NETWORKS.lookup(name)


def loss_network_study_entries(pretrained: bool = True) -> list[str]:
    """The loss networks of the 2023 loss-network study (`ARCH:LAYER`), in registry order.

    Temporary stand-in until the 14 architectures x 4 layers are registered: every entry named
    ``TRUNK:LAYER`` whose weights are pretrained (or random, ``pretrained=False``).
    """
    return [
        name
        for name, spec in LOSS_NETWORKS.items()
        if ":" in name and spec.pretrained == pretrained
    ]
