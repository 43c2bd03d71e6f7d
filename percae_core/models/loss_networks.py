"""Perceptual loss networks: frozen feature extractors chosen by name, and the offline policy.

A network is the trunk of a torchvision model, tapped at one or more layers, and the distance it
owns (`feature_distance.py`): it takes images in [0, 1] (N, 3, H, W) and returns one prepared
feature tensor per tapped layer; `network.distance(features_a, features_b)` is the loss. They
are frozen (no parameter needs a gradient) and always in eval mode, yet gradients flow to the
input, which is what a perceptual loss needs. Adding a network is one entry in the torch-free
registry `loss_network_registry.py` (plus a module of its own when its distance is new, named in
the entry as ``"module:function"``); a new architecture is one `@register_trunk` builder in
a family module of the `trunks` package. The channel count at each tap (what a distance such as
LPIPS's is sized by) is measured by one forward pass of shapes on the meta device, never declared.

Names (`.name` is the label every result carries):
- `alexnet`: the paper's network: pretrained AlexNet `features[:5]` (up to the 2nd ReLU), fed the
  [0, 1] images with no ImageNet normalisation, as the authors' code does. `alexnet:reluN` cuts
  at another ReLU (N = 1..5; `alexnet:relu2` is `alexnet`).
- `alexnet-random` (and `alexnet-random:reluN`): the same layers with seeded random weights
  (PyTorch's default init, exactly what `torchvision.models.alexnet()` draws after
  `torch.manual_seed(seed)`): an ablation and the offline fallback of the smoke and quick
  profiles. Never labelled `alexnet`.
- `ARCH:LAYER` and `ARCH-random:LAYER` for the 14 architectures of the authors' 2023 study at
  its 4 layers (`loss_network_study_entries`; vgg16 also `relu4_3`, resnet18 also `layer3`, the
  names before the study), pretrained or seeded random (PyTorch's default init of every module
  under the seed, like `alexnet-random`). They were trained on ImageNet-normalised inputs, so
  their forward pass applies ImageNet's mean and std first (choice documented here; AlexNet
  keeps the paper's raw input; the study fed raw input to all). Deep random trunks with batch
  norm (eval mode, running statistics 0 and 1) shrink their features towards a constant: the
  random twins are offline fallbacks and shallow-layer ablations.
- All of the above use the paper's distance: the MSE of the flattened sigmoid features.
- A cell may ask for another distance (`distances.py`: `sigmoid-mse`, `mse`, `lpips`) or input
  normalisation (`input_norms.py`: `imagenet`, `none`) than the network's own
  (`build_loss_network(..., distance=, input_norm=)`); the label stays the network's name and the
  cell records both settings. LPIPS's learned channel weights are used only by the network they
  belong to (`lpips`, pretrained, with its own distance); `--distance lpips` on any other network
  weights the channels equally.
- `squeezenet1_1:LAYER` and `squeezenet1_1-random:LAYER` (relu1, fire2, fire5, fire9: the
  layers of the authors' 2023 study), ImageNet-normalised like VGG16.
- `lpips`: LPIPS v0.1 (`lpips_distance.py`): AlexNet's 5 ReLUs, channel-normalised, compared
  with LPIPS's learned per-channel weights; it needs torchvision's AlexNet file and LPIPS's
  weights file. `lpips-random`: seeded random AlexNet, equal channel weights; its offline fallback.

Networks are built on the CPU; move them with `.to(device)` like any module.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from percae_core.errors import CorruptCacheError, WeightsMissingError
from percae_core.events import EventSink, ignore_events
from percae_core.models.distances import get_distance
from percae_core.models.feature_distance import FeatureDistance
from percae_core.models.input_norms import IMAGENET_MEAN, IMAGENET_STD, get_input_norm
from percae_core.models.loss_network_registry import (
    DEFAULT_LOSS_NETWORK,
    FALLBACK_LOSS_NETWORK,
    LOSS_NETWORKS,
    LossNetworkSpec,
    get_loss_network_spec,
    list_loss_networks,
)
from percae_core.models.trunk_registry import TRUNKS
from percae_core.models.weights import PretrainedFile, load_pretrained_state_dict, pretrained_file

__all__ = [
    "DEFAULT_LOSS_NETWORK",
    "FALLBACK_LOSS_NETWORK",
    "LOSS_NETWORKS",
    "LossNetwork",
    "LossNetworkChoice",
    "LossNetworkSpec",
    "build_loss_network",
    "choose_loss_network",
    "get_loss_network_spec",
    "list_loss_networks",
    "loss_network_channels",
    "missing_files",
]

__all__ += ["IMAGENET_MEAN", "IMAGENET_STD"]


#: The image size the channel counts are measured at (shapes only: on the meta device).
PROBE_SIZE = (224, 224)


def cut_trunk(model: str, layers: tuple[str, ...]) -> tuple[nn.Sequential, tuple[int, ...], str]:
    """The registered trunk ``model`` up to its deepest tap (on the meta device), the taps, and
    the prefix of its keys in torchvision's state dict."""
    entry = TRUNKS[model]
    taps = tuple(entry.cut(layer) for layer in layers)
    with torch.device("meta"):
        return entry.build()[: max(taps)], taps, entry.state_prefix


class LossNetwork(nn.Module):
    """A frozen feature extractor: images in [0, 1] -> each tapped layer's prepared features.

    ``network.distance(predicted, target)`` compares two such outputs (the network's own
    distance); the perceptual loss is ``distance(network(reconstruction), network(image))``.
    """

    mean: torch.Tensor
    std: torch.Tensor

    def __init__(
        self,
        spec: LossNetworkSpec,
        trunk: nn.Sequential,
        taps: tuple[int, ...],
        distance: FeatureDistance,
        *,
        distance_name: str | None = None,
        input_norm: str | None = None,
    ) -> None:
        super().__init__()
        norm = get_input_norm(spec.input_norm if input_norm is None else input_norm)
        self.spec = spec
        self.name = spec.name
        self.pretrained = spec.pretrained
        self.trunk = trunk
        self.taps = tuple(sorted(taps))
        self.distance = distance
        self.distance_name = spec.distance if distance_name is None else distance_name
        """The name in `DISTANCES` of ``distance``."""
        self.input_norm = norm.name
        """The name in `INPUT_NORMS` of the normalisation applied before the trunk."""
        self.normalise = norm.mean is not None
        mean, std = norm.mean or IMAGENET_MEAN, norm.std or IMAGENET_STD
        self.register_buffer("mean", torch.tensor(mean).view(1, 3, 1, 1), persistent=False)
        self.register_buffer("std", torch.tensor(std).view(1, 3, 1, 1), persistent=False)
        self.requires_grad_(False)
        self.train(False)

    def train(self, mode: bool = True) -> LossNetwork:
        """Stays in eval mode whatever the caller (or a parent module's `.train()`) asks."""
        return super().train(False)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, ...]:
        if self.normalise:
            x = (x - self.mean) / self.std
        features: list[torch.Tensor] = []
        for depth, layer in enumerate(self.trunk, start=1):
            x = layer(x)
            if depth in self.taps:
                features.append(self.distance.prepare(len(features), x))
        return tuple(features)

    def extra_repr(self) -> str:
        return (
            f"name={self.name!r}, pretrained={self.pretrained}, "
            f"distance={self.distance_name!r}, input_norm={self.input_norm!r}"
        )


def _seeded_init(trunk: nn.Module, seed: int) -> None:
    """PyTorch's default init under `seed`, leaving the global random state as it was."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        for module in trunk.modules():
            reset = getattr(module, "reset_parameters", None)
            if module is not trunk and callable(reset):
                reset()


def tap_shapes(
    trunk: nn.Sequential, taps: tuple[int, ...], size: tuple[int, int] = PROBE_SIZE
) -> tuple[torch.Size, ...]:
    """The output shape at each tap for one ``size`` image, by one forward pass (only shapes on a
    meta trunk); a tap whose output is not (N, C, H, W) is a registry bug (`ValueError`)."""
    first = next(trunk.parameters(), None)
    x = torch.zeros(1, 3, *size, device=first.device if first is not None else "meta")
    shapes: list[torch.Size] = []
    with torch.no_grad():
        for depth, layer in enumerate(trunk, start=1):
            x = layer(x)
            if depth in taps:
                if x.ndim != 4:
                    raise ValueError(f"tap {depth} gives shape {tuple(x.shape)}, not (N, C, H, W)")
                shapes.append(x.shape)
    return tuple(shapes)


def tap_channels(trunk: nn.Sequential, taps: tuple[int, ...]) -> tuple[int, ...]:
    """The channel count at each tap, measured by one forward pass (only shapes on a meta trunk)."""
    return tuple(int(shape[1]) for shape in tap_shapes(trunk, taps))


def loss_network_channels(name: str) -> tuple[int, ...]:
    """The channel count at each of the network ``name``'s taps, measured on the meta device."""
    spec = get_loss_network_spec(name)
    trunk, taps, _ = cut_trunk(spec.model, spec.layers)
    return tap_channels(trunk, taps)


def _load_pretrained(trunk: nn.Module, prefix: str, spec: LossNetworkSpec, state: dict) -> None:
    file = pretrained_file(spec.model)
    rename = TRUNKS[spec.model].rename_state_key
    if rename is not None:
        state = {rename(key): value for key, value in state.items()}
    try:
        # Files older than batch norm's `num_batches_tracked` lack it; loading fills it in.
        wanted = {
            key: state[prefix + key]
            for key in trunk.state_dict()
            if prefix + key in state or not key.endswith(".num_batches_tracked")
        }
        trunk.load_state_dict(wanted, strict=True)
    except (KeyError, RuntimeError) as exc:
        raise CorruptCacheError(
            f"The weights file {file.path} does not hold the {spec.model} layers that "
            f"{spec.name} needs ({type(exc).__name__}: {str(exc).splitlines()[0]}).",
            hint=f"Delete it and run again to download it, or fetch {file.url} on a connected "
            f"machine and run `percae weights import {file.file_name}`.",
        ) from exc


def build_loss_network(
    name: str,
    *,
    seed: int = 0,
    allow_download: bool = True,
    on_event: EventSink = ignore_events,
    distance: str | None = None,
    input_norm: str | None = None,
) -> LossNetwork:
    """The named network on the CPU, frozen, in eval mode, comparing by ``distance`` and
    normalising its input by ``input_norm`` (None: the network's own; unknown: `UsageError`).

    Pretrained networks load their files from the cache (downloading them when allowed and
    online) or raise one `WeightsMissingError` naming every missing file; `seed` only matters
    for the random ones.
    """
    spec = get_loss_network_spec(name)
    distance = spec.distance if distance is None else get_distance(distance).name
    input_norm = spec.input_norm if input_norm is None else get_input_norm(input_norm).name
    trunk, taps, prefix = cut_trunk(spec.model, spec.layers)
    missing: list[WeightsMissingError] = []
    state = None
    if spec.pretrained:
        try:
            state = load_pretrained_state_dict(
                spec.model, allow_download=allow_download, on_event=on_event
            )
        except WeightsMissingError as exc:
            missing.append(exc)
    try:
        compare = spec.distance_builder(distance)(
            tap_channels(trunk, taps),
            # learned distance weights belong to the network's own distance only
            pretrained=spec.pretrained and distance == spec.distance,
            allow_download=allow_download,
            on_event=on_event,
        )
    except WeightsMissingError as exc:
        missing.append(exc)
    if len(missing) == 1:
        raise missing[0]
    if missing:
        raise WeightsMissingError(
            " ".join(exc.message for exc in missing),
            hint=" ".join(exc.hint or "" for exc in missing),
        )
    trunk = trunk.to_empty(device="cpu")
    if state is None:
        _seeded_init(trunk, seed)
    else:
        _load_pretrained(trunk, prefix, spec, state)
    return LossNetwork(spec, trunk, taps, compare, distance_name=distance, input_norm=input_norm)


def missing_files(spec: LossNetworkSpec) -> list[PretrainedFile]:
    """The weights files ``spec`` needs that can be read neither from the cache nor a package."""
    files = [pretrained_file(key) for key in spec.weight_files]
    return [file for file in files if file.location() is None]


@dataclass(frozen=True)
class LossNetworkChoice:
    """The loss network a study uses: its label, the built module, and a fallback warning."""

    name: str
    network: LossNetwork
    warning: str | None = None

    @property
    def pretrained(self) -> bool:
        return self.network.pretrained


def choose_loss_network(
    requested: str | None,
    *,
    pretrained_required: bool,
    seed: int = 0,
    on_event: EventSink = ignore_events,
    distance: str | None = None,
    input_norm: str | None = None,
) -> LossNetworkChoice:
    """Build the requested loss network (None = the paper's `alexnet`), or fall back; both
    compare by ``distance`` and normalise by ``input_norm`` (None: the network's own).

    When pretrained weights are missing and cannot be downloaded: a profile that needs them
    (`pretrained_required`) or an explicitly requested pretrained network stops here, before any
    training; the default request of the smoke and quick profiles falls back to `alexnet-random`
    with a warning the runner shows at the start and the end. Nothing that did not use pretrained
    weights is ever labelled `alexnet`.
    """
    spec = get_loss_network_spec(DEFAULT_LOSS_NETWORK if requested is None else requested)
    try:
        network = build_loss_network(
            spec.name, seed=seed, on_event=on_event, distance=distance, input_norm=input_norm
        )
    except WeightsMissingError as exc:
        fallback_name = spec.fallback or FALLBACK_LOSS_NETWORK
        if requested is not None:
            raise WeightsMissingError(
                f"{exc.message} The loss network {spec.name!r} was asked for explicitly, so "
                "nothing was trained.",
                hint=f"{exc.hint} Or ask for --loss-net {fallback_name} (random frozen "
                "weights: an ablation, not the paper's loss).",
            ) from exc
        if pretrained_required:
            raise WeightsMissingError(
                f"{exc.message} This profile reproduces the paper and needs the pretrained "
                f"{spec.name}, so nothing was trained.",
                hint=f"{exc.hint} Or run the smoke or quick profile, which fall back to "
                f"{fallback_name}.",
            ) from exc
        fallback = build_loss_network(
            fallback_name, seed=seed, distance=distance, input_norm=input_norm
        )
        files = missing_files(spec) or [pretrained_file(spec.model)]
        warning = (
            f"Pretrained {spec.name} weights ({', '.join(f.file_name for f in files)}) are not "
            f"available offline, so the perceptual variants use {fallback_name!r} (the same "
            f"layers with random frozen weights) and every result is labelled {fallback_name!r}: "
            "it is not the paper's perceptual loss. To use the real one, download "
            f"{' and '.join(f.url for f in files)} on a connected machine and run "
            + " and ".join(f"`percae weights import {f.download_name}`" for f in files)
            + "."
        )
        return LossNetworkChoice(fallback.name, fallback, warning)
    return LossNetworkChoice(network.name, network, None)
