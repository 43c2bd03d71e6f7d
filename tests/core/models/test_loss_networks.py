"""Loss networks: the paper's AlexNet features, the registry, freezing, seeding, offline policy.

Pretrained files are crafted (random weights of the right shapes) and saved under the exact file
name torchvision expects in a temporary TORCH_HOME, so the real loading path runs with no network.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
import torchvision
from crafted_weights import crafted_lpips_weights
from torch import nn

from percae_core.errors import CorruptCacheError, UsageError, WeightsMissingError
from percae_core.models.loss_networks import (
    IMAGENET_MEAN,
    IMAGENET_STD,
    build_loss_network,
    choose_loss_network,
    cut_trunk,
    get_loss_network_spec,
    list_loss_networks,
    tap_channels,
)
from percae_core.models.trunk_registry import TRUNKS
from percae_core.models.weights import PRETRAINED_FILES


def _seeded(seed: int, make):
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return make()


def _vgg16_features() -> nn.Module:
    """VGG16's `features` with small random weights, skipping the slow 0.5 GB classifier init."""
    with torch.device("meta"):
        features = torchvision.models.vgg16(weights=None).features
    features = features.to_empty(device="cpu")
    for layer in features:
        if isinstance(layer, nn.Conv2d):
            nn.init.kaiming_normal_(layer.weight, nonlinearity="linear")
            nn.init.zeros_(layer.bias)
    return features.eval()


@pytest.fixture(scope="module")
def crafted_torch_home(tmp_path_factory) -> Path:
    """A TORCH_HOME whose checkpoints folder holds crafted files under torchvision's names."""
    home = tmp_path_factory.mktemp("torch")
    folder = home / "hub" / "checkpoints"
    folder.mkdir(parents=True)
    alexnet = _seeded(0, lambda: torchvision.models.alexnet(weights=None))
    torch.save(alexnet.state_dict(), folder / PRETRAINED_FILES["alexnet"].file_name)
    resnet = _seeded(1, lambda: torchvision.models.resnet18(weights=None))
    torch.save(resnet.state_dict(), folder / PRETRAINED_FILES["resnet18"].file_name)
    # VGG16's classifier alone is 0.5 GB; the loss networks only read `features.*`.
    vgg_features = _seeded(2, _vgg16_features)
    torch.save(
        {f"features.{k}": v for k, v in vgg_features.state_dict().items()},
        folder / PRETRAINED_FILES["vgg16"].file_name,
    )
    squeezenet = _seeded(4, lambda: torchvision.models.squeezenet1_1(weights=None))
    torch.save(squeezenet.state_dict(), folder / PRETRAINED_FILES["squeezenet1_1"].file_name)
    torch.save(crafted_lpips_weights(seed=3), folder / PRETRAINED_FILES["lpips-alex"].file_name)
    return home


@pytest.fixture
def cached(crafted_torch_home, monkeypatch) -> Path:
    monkeypatch.setenv("TORCH_HOME", str(crafted_torch_home))
    monkeypatch.setenv("PERCAE_OFFLINE", "1")
    return crafted_torch_home / "hub" / "checkpoints"


@pytest.fixture
def offline_empty(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.setenv("PERCAE_OFFLINE", "1")
    return tmp_path / "torch" / "hub" / "checkpoints"


def _images(n: int = 2, side: int = 64, seed: int = 0) -> torch.Tensor:
    return torch.rand(n, 3, side, side, generator=torch.Generator().manual_seed(seed))


def test_alexnet_is_torchvision_features_to_second_relu_then_sigmoid(cached):
    net = build_loss_network("alexnet")
    reference = torchvision.models.alexnet(weights=None)
    reference.load_state_dict(torch.load(cached / "alexnet-owt-7be5be79.pth", weights_only=True))
    reference.eval()
    x = _images()
    expected = torch.sigmoid(reference.features[:5](x)).flatten(1)
    assert net.name == "alexnet" and net.pretrained
    (features,) = net(x)
    assert features.shape == (2, 192 * 7 * 7)
    torch.testing.assert_close(features, expected, rtol=0, atol=0)


def test_gradients_reach_the_input_but_no_parameter_needs_one():
    net = build_loss_network("alexnet-random")
    x = _images().requires_grad_(True)
    net(x)[0].square().mean().backward()
    assert x.grad is not None and x.grad.abs().sum() > 0
    assert all(not p.requires_grad and p.grad is None for p in net.parameters())


def test_stays_in_eval_mode_even_inside_a_training_module():
    net = build_loss_network("alexnet-random")
    parent = nn.ModuleList([nn.Linear(2, 2), net])
    parent.train()
    net.train(True)
    assert not any(module.training for module in net.modules())
    assert parent[0].training


def test_random_alexnet_is_seeded_and_leaves_the_global_rng_alone():
    state = torch.get_rng_state()
    first = build_loss_network("alexnet-random", seed=7)
    again = build_loss_network("alexnet-random", seed=7)
    other = build_loss_network("alexnet-random", seed=8)
    assert torch.equal(torch.get_rng_state(), state)
    x = _images()
    assert torch.equal(first(x)[0], again(x)[0])
    assert not torch.allclose(first(x)[0], other(x)[0])
    assert not first.pretrained and first.name == "alexnet-random"
    # Same draws as torchvision's own AlexNet under that seed: PyTorch's default init.
    reference = _seeded(7, lambda: torchvision.models.alexnet(weights=None)).features[:5]
    assert torch.equal(first(x)[0], torch.sigmoid(reference(x)).flatten(1))


#: The trunks `crafted_torch_home` writes files for (the others' networks: `test_trunks.py`).
CRAFTED_TRUNKS = ("alexnet", "vgg16", "resnet18", "squeezenet1_1")


@pytest.mark.parametrize(
    "name", [n for n in list_loss_networks() if get_loss_network_spec(n).model in CRAFTED_TRUNKS]
)
def test_every_crafted_network_builds_and_measures_a_distance(name, cached):
    spec = get_loss_network_spec(name)
    net = build_loss_network(name, seed=3)
    assert net.name == name and net.pretrained == spec.pretrained
    features = net(_images(side=32))
    assert len(features) == len(spec.layers)
    assert all(f.shape[0] == 2 and f.numel() > 2 for f in features)
    same = net.distance(features, features)
    other = net.distance(features, net(_images(side=32, seed=1)))
    assert same.ndim == 0 and same == 0 and other > 0 and torch.isfinite(other)


def test_squeezenet_fire_taps_count_both_expand_branches():
    # A Fire module concatenates its 1x1 and 3x3 expansions (64 + 64 at fire2 and fire3): the
    # last convolution alone (64) is not what the distance sees.
    trunk, taps, _ = cut_trunk("squeezenet1_1", ("fire2", "fire3", "fire5"))
    assert tap_channels(trunk, taps) == (128, 128, 256)


@pytest.mark.parametrize("model", list(TRUNKS))
def test_every_trunks_measured_channels_are_its_real_outputs(model):
    entry = TRUNKS[model]
    trunk, taps, _ = cut_trunk(model, tuple(entry.cuts))
    measured = tap_channels(trunk, taps)
    real = trunk.to_empty(device="cpu").eval()
    x, seen = torch.zeros(1, 3, 96, 96), []  # Inception v3's Mixed_7a needs 75 px
    with torch.no_grad():
        for depth, layer in enumerate(real, start=1):
            x = layer(x)
            if depth in taps:
                seen.append(x.shape[1])
    assert measured == tuple(seen) and len(measured) == len(entry.cuts)


@pytest.mark.parametrize("name", list_loss_networks())
def test_offline_without_files_only_random_networks_build(name, offline_empty):
    spec = get_loss_network_spec(name)
    if spec.pretrained:
        with pytest.raises(WeightsMissingError, match=PRETRAINED_FILES[spec.model].file_name):
            build_loss_network(name)
    else:
        assert build_loss_network(name).name == name
    assert not offline_empty.exists() or not any(offline_empty.iterdir())


def test_layer_choice_changes_where_features_are_taken():
    shallow = build_loss_network("alexnet-random:relu1")
    paper = build_loss_network("alexnet-random")
    assert shallow(_images())[0].shape == (2, 64 * 15 * 15)
    assert paper(_images())[0].shape == (2, 192 * 7 * 7)


def test_vgg16_applies_imagenet_normalisation(cached):
    net = build_loss_network("vgg16:relu2_2")
    reference = _vgg16_features()[:9]
    saved = torch.load(cached / PRETRAINED_FILES["vgg16"].file_name, weights_only=True)
    reference.load_state_dict(
        {
            k.removeprefix("features."): v
            for k, v in saved.items()
            if k.removeprefix("features.") in reference.state_dict()
        }
    )
    x = _images(1)
    mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    torch.testing.assert_close(net(x)[0], torch.sigmoid(reference((x - mean) / std)).flatten(1))


def test_names_are_case_insensitive_and_relu2_is_the_paper_layer():
    assert get_loss_network_spec("ALEXNET").name == "alexnet"
    assert get_loss_network_spec("alexnet:relu2").name == "alexnet"
    assert build_loss_network("alexnet-random:relu2").name == "alexnet-random"


def test_unknown_name_is_a_usage_error_listing_valid_names():
    with pytest.raises(UsageError) as info:
        build_loss_network("alexnet:relu9")
    assert "alexnet-random" in str(info.value) and "vgg16:relu2_2" in str(info.value)


def test_a_file_without_the_needed_layers_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    monkeypatch.setenv("PERCAE_OFFLINE", "1")
    file = PRETRAINED_FILES["vgg16"].path
    file.parent.mkdir(parents=True)
    torch.save(
        {"features.0.weight": torch.zeros(64, 3, 3, 3), "features.0.bias": torch.zeros(64)}, file
    )
    with pytest.raises(CorruptCacheError) as info:
        build_loss_network("vgg16:relu2_2")
    assert str(file) in str(info.value)


def test_smoke_and_quick_fall_back_to_random_alexnet_with_a_warning(offline_empty):
    choice = choose_loss_network(None, pretrained_required=False, seed=1)
    assert choice.name == "alexnet-random" == choice.network.name
    assert not choice.pretrained
    assert "alexnet-owt-7be5be79.pth" in choice.warning
    assert "percae weights import" in choice.warning


def test_paper_profile_stops_when_weights_are_missing(offline_empty):
    with pytest.raises(WeightsMissingError) as info:
        choose_loss_network(None, pretrained_required=True)
    text = str(info.value)
    assert "alexnet-owt-7be5be79.pth" in text and str(offline_empty) in text
    assert (
        "percae weights import alexnet-owt-7be5be79.pth" in text and "nothing was trained" in text
    )


@pytest.mark.parametrize("requested", ["alexnet", "alexnet:relu3", "resnet18:layer1"])
def test_an_explicitly_requested_pretrained_network_never_falls_back(requested, offline_empty):
    with pytest.raises(WeightsMissingError, match="explicitly"):
        choose_loss_network(requested, pretrained_required=False)


def test_an_explicit_random_network_needs_no_weights_and_warns_nothing(offline_empty):
    choice = choose_loss_network("alexnet-random", pretrained_required=True, seed=2)
    assert choice.name == "alexnet-random" and choice.warning is None


def test_cached_weights_give_the_real_alexnet_with_no_warning(cached):
    for required in (True, False):
        choice = choose_loss_network(None, pretrained_required=required)
        assert choice.name == "alexnet" and choice.pretrained and choice.warning is None


def test_choose_rejects_unknown_names(offline_empty):
    with pytest.raises(UsageError):
        choose_loss_network("alexnett", pretrained_required=False)
