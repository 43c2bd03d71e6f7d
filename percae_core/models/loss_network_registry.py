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
from percae_core.models.trunk_registry import TRUNKS, TrunkEntry
from percae_core.models.weights_file import PretrainedFile, register_weights_file
from percae_core.registry import Registry

if TYPE_CHECKING:
    from percae_core.models.feature_distance import DistanceBuilder

DEFAULT_LOSS_NETWORK = "alexnet"
#: The authors' 2023 study: 14 architectures x 4 layers (`loss_network_study_entries`).
LOSS_NETWORK_STUDY = "loss-networks"
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
    studies: tuple[str, ...] = ()
    """The studies whose grid this entry is in (`LOSS_NETWORK_STUDY` for the 2023 study's 56)."""

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

    @property
    def trunk(self) -> TrunkEntry:
        return TRUNKS[self.model]

    @property
    def cut(self) -> int:
        """Children of the trunk before the deepest tap is read (the study's child index + 1)."""
        return max(self.trunk.cut(layer) for layer in self.layers)

    @property
    def layer_depth(self) -> int | None:
        """1..4: the position of a one-layer entry's tap among the study's 4 layers of its
        trunk (1 the shallowest); None for several layers or a layer the study did not tap."""
        return self.trunk.study_depth(self.layers[0]) if len(self.layers) == 1 else None


def _alexnet_specs() -> list[LossNetworkSpec]:
    specs: list[LossNetworkSpec] = []
    study_layers = TRUNKS["alexnet"].study_layers
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
                    studies=(LOSS_NETWORK_STUDY,) if pretrained and layer in study_layers else (),
                )
            )
    return specs


def _layer_specs(trunk: str, layers: tuple[str, ...]) -> list[LossNetworkSpec]:
    """``TRUNK:LAYER`` (pretrained; its fallback the twin) and ``TRUNK-random:LAYER`` per layer.

    The name carries the layer in lower case (names are case-insensitive: `inception_v3:mixed_6e`
    taps `Mixed_6e`); the pretrained entries at the study's layers are in the study.
    """
    entry = TRUNKS[trunk]
    specs: list[LossNetworkSpec] = []
    for pretrained, base, weights in (
        (True, trunk, "ImageNet-pretrained"),
        (False, f"{trunk}-random", "seeded random, frozen"),
    ):
        for layer in layers:
            in_study = pretrained and layer in entry.study_layers
            specs.append(
                LossNetworkSpec(
                    f"{base}:{layer.lower()}",
                    trunk,
                    (layer,),
                    pretrained,
                    True,
                    f"{entry.title} up to {layer}, {weights}",
                    fallback=f"{trunk}-random:{layer.lower()}" if pretrained else None,
                    studies=(LOSS_NETWORK_STUDY,) if in_study else (),
                )
            )
    return specs


#: Layers that had entries before the study's were added (their names must keep working).
_EARLIER_LAYERS = {
    "vgg16": ("relu1_2", "relu2_2", "relu3_3", "relu4_3"),
    "resnet18": ("layer1", "layer2", "layer3", "layer4"),
}


def _study_trunk_specs() -> list[LossNetworkSpec]:
    """Every trunk but AlexNet (its names predate the study) at the study's layers (and the
    layers named before), in the order of its taps."""
    specs: list[LossNetworkSpec] = []
    for name, entry in TRUNKS.items():
        if name == "alexnet":
            continue
        wanted = {*entry.study_layers, *_EARLIER_LAYERS.get(name, ())}
        specs.extend(_layer_specs(name, tuple(tap for tap in entry.cuts if tap in wanted)))
    return specs


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
        *_study_trunk_specs(),
        *_lpips_specs(),
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


def loss_network_study_entries(pretrained: bool = True) -> list[str]:
    """The 56 entries of the authors' 2023 loss-network study, architecture by architecture
    (the study's order), shallow to deep: the pretrained ones, or (``pretrained=False``) their
    seeded random twins."""
    study = [spec for spec in LOSS_NETWORKS.values() if LOSS_NETWORK_STUDY in spec.studies]
    study.sort(key=lambda spec: (list(TRUNKS).index(spec.model), spec.layer_depth or 0))
    if pretrained:
        return [spec.name for spec in study]
    return [spec.fallback for spec in study if spec.fallback is not None]


def get_loss_network_spec(name: str) -> LossNetworkSpec:
    """The spec of ``name`` (any case; `alexnet:relu2` is `alexnet`); `UsageError` if unknown."""
    return LOSS_NETWORKS.lookup(name)
