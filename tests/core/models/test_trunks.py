"""The trunks of the 2023 study's 14 architectures: each tap is the child it names, at the child
index the authors' code uses, and each network measures its real channel count.

Everything runs on the meta device (shapes only, no weights), except one seeded random build
per architecture; nothing is downloaded.
"""

from __future__ import annotations

import time

import pytest
import torch
import torchvision
from torch import nn

from percae_core.models.loss_network_registry import LOSS_NETWORKS
from percae_core.models.loss_networks import (
    build_loss_network,
    cut_trunk,
    loss_network_channels,
)
from percae_core.models.trunk_registry import TRUNKS

#: `layers_in_experiments` of `src/loss_networks.py` in LTU-Machine-Learning/
#: Analysis-of-Deep-Perceptual-Loss-Networks: 0-based indices into the trunk's children.
STUDY_INDICES = {
    "alexnet": (1, 4, 7, 11),
    "vgg11": (1, 4, 9, 19),
    "vgg16": (3, 8, 15, 29),
    "vgg16_bn": (5, 12, 22, 42),
    "vgg19": (3, 8, 17, 35),
    "densenet121": (2, 4, 6, 10),
    "resnet18": (2, 4, 5, 7),
    "resnet50": (2, 4, 5, 7),
    "resnext50_32x4d": (2, 4, 5, 7),
    "googlenet": (0, 5, 8, 15),
    "inception_v3": (2, 7, 9, 14),
    "squeezenet1_1": (1, 3, 7, 12),
    "efficientnet_b0": (0, 1, 4, 7),
    "efficientnet_b7": (0, 1, 4, 7),
}
#: Where the study reads the children: the model's `features`, or the model itself.
FROM_FEATURES = {"alexnet", "vgg11", "vgg16", "vgg16_bn", "vgg19", "densenet121"}
FROM_FEATURES |= {"squeezenet1_1", "efficientnet_b0", "efficientnet_b7"}


def _full_model(model: str) -> nn.Module:
    """torchvision's whole model on the meta device, as the study builds it (aux heads off)."""
    kwargs = (
        {"aux_logits": False, "init_weights": False}
        if "inception" in model or (model == "googlenet")
        else {}
    )
    with torch.device("meta"):
        return getattr(torchvision.models, model)(weights=None, **kwargs).eval()


def _study_children(model: str) -> list[tuple[str, nn.Module]]:
    full = _full_model(model)
    source = full.features if model in FROM_FEATURES else full
    return list(source.named_children())


def test_every_study_architecture_taps_the_studys_child_indices():
    assert set(STUDY_INDICES) == {name for name, entry in TRUNKS.items() if entry.study_layers}
    for model, indices in STUDY_INDICES.items():
        entry = TRUNKS[model]
        assert tuple(entry.cut(layer) - 1 for layer in entry.study_layers) == indices, model


def _vgg_position(children: list[tuple[str, nn.Module]], cut: int) -> tuple[int, int]:
    """(block, n) of the ReLU at child ``cut - 1``: blocks end at max-pools, n counts ReLUs."""
    block, n = 1, 0
    for _, child in children[:cut]:
        if isinstance(child, nn.MaxPool2d):
            block, n = block + 1, 0
        elif isinstance(child, nn.ReLU):
            n += 1
    return block, n


@pytest.mark.parametrize("model", list(TRUNKS))
def test_each_tap_is_the_child_it_names(model):
    entry = TRUNKS[model]
    trunk, _, _ = cut_trunk(model, tuple(entry.cuts))
    children = _study_children(model)
    assert len(trunk) == max(entry.cuts.values()) <= len(children)  # no classifier, no pooling
    for layer, cut in entry.cuts.items():
        name, child = children[cut - 1]
        assert type(trunk[cut - 1]) is type(child), (model, layer)
        if model.startswith("vgg"):  # reluB_N: the N-th ReLU of block B
            block, n = (int(part) for part in layer.removeprefix("relu").split("_"))
            assert isinstance(child, nn.ReLU) and _vgg_position(children, cut) == (block, n)
        elif layer.startswith("stage"):  # EfficientNet's stage i is features[i - 1]
            assert name == str(int(layer.removeprefix("stage")) - 1)
        elif model == "alexnet":  # reluN: the N-th ReLU
            relus = sum(isinstance(c, nn.ReLU) for _, c in children[:cut])
            assert isinstance(child, nn.ReLU) and relus == int(layer.removeprefix("relu"))
        elif model == "squeezenet1_1":  # fireN: torchvision's N-th module is fire N - 1
            assert layer == "relu1" or type(child).__name__ == "Fire"
        else:  # the child's own name in torchvision's model
            assert name == layer


def _hooked_channels(model: str) -> dict[int, int]:
    """Cut -> the channel count of the study's child ``cut - 1`` in one forward pass of
    torchvision's whole model (on the meta device)."""
    full = _full_model(model)
    source = full.features if model in FROM_FEATURES else full
    seen: dict[int, int] = {}

    def record(cut: int):
        def hook(_module: nn.Module, _input: object, output: torch.Tensor) -> None:
            seen.setdefault(cut, int(output.shape[1]))

        return hook

    for index, child in enumerate(source.children()):
        child.register_forward_hook(record(index + 1))
    with torch.no_grad():
        full(torch.zeros(1, 3, 299, 299, device="meta"))
    return seen


@pytest.mark.parametrize("model", [m for m in TRUNKS if TRUNKS[m].study_layers])
def test_every_entry_reports_the_channels_torchvisions_model_has_there(model):
    real = _hooked_channels(model)
    for spec in LOSS_NETWORKS.values():
        if spec.model == model:
            cuts = [spec.trunk.cut(layer) for layer in spec.layers]
            assert loss_network_channels(spec.name) == tuple(real[c] for c in cuts), spec.name


def test_building_every_trunk_on_the_meta_device_is_fast():
    start = time.perf_counter()
    for model, entry in TRUNKS.items():
        cut_trunk(model, tuple(entry.cuts))
    assert time.perf_counter() - start < 30  # about 3 s on one free core


@pytest.mark.parametrize("model", [m for m in TRUNKS if TRUNKS[m].study_layers])
def test_the_deepest_random_study_network_is_seeded_and_frozen(model):
    deepest = TRUNKS[model].study_layers[-1]
    name = next(
        spec.name
        for spec in LOSS_NETWORKS.values()
        if spec.model == model and not spec.pretrained and spec.layers == (deepest,)
    )
    first, again = build_loss_network(name, seed=5), build_loss_network(name, seed=5)
    x = torch.rand(2, 3, 64, 64, generator=torch.Generator().manual_seed(0))
    (features,) = first(x)
    assert torch.isfinite(features).all() and torch.equal(features, again(x)[0])
    assert features.shape[1] % loss_network_channels(name)[0] == 0
    assert not first.pretrained and not any(p.requires_grad for p in first.parameters())
