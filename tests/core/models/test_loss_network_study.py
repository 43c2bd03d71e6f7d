"""The 2023 study's 56 entries, their random twins, the names that predate them, the per-entry
facts the ranking reads (top-1, layer depth), DenseNet's old file keys, and too-small images."""

from __future__ import annotations

import re

import pytest
import torch
import torchvision

from percae_core.errors import UsageError
from percae_core.models.input_size import check_input_size, smallest_input_side
from percae_core.models.loss_network_registry import (
    LOSS_NETWORK_STUDY,
    LOSS_NETWORKS,
    get_loss_network_spec,
    loss_network_study_entries,
)
from percae_core.models.loss_networks import build_loss_network
from percae_core.models.trunk_registry import TRUNKS
from percae_core.models.trunks.residual import densenet_key
from percae_core.models.weights import PRETRAINED_FILES

#: Names results already carry, and the (trunk, layer) each must keep meaning.
EARLIER_NAMES = {
    "alexnet": ("alexnet", "relu2"),
    "alexnet:relu1": ("alexnet", "relu1"),
    "alexnet:relu4": ("alexnet", "relu4"),
    "alexnet-random": ("alexnet", "relu2"),
    "alexnet-random:relu5": ("alexnet", "relu5"),
    "vgg16:relu1_2": ("vgg16", "relu1_2"),
    "vgg16:relu4_3": ("vgg16", "relu4_3"),
    "resnet18:layer1": ("resnet18", "layer1"),
    "resnet18:layer3": ("resnet18", "layer3"),
    "squeezenet1_1:fire5": ("squeezenet1_1", "fire5"),
    "squeezenet1_1-random:relu1": ("squeezenet1_1", "relu1"),
}


def test_the_study_is_14_architectures_by_their_4_layers():
    entries = loss_network_study_entries()
    assert len(entries) == len(set(entries)) == 56
    specs = [get_loss_network_spec(name) for name in entries]
    for model in {spec.model for spec in specs}:
        mine = [spec for spec in specs if spec.model == model]
        assert [spec.layers[0] for spec in mine] == list(TRUNKS[model].study_layers)
        assert [spec.layer_depth for spec in mine] == [1, 2, 3, 4]
    assert all(spec.pretrained and LOSS_NETWORK_STUDY in spec.studies for spec in specs)
    assert [name for name, spec in LOSS_NETWORKS.items() if spec.studies] == sorted(
        entries, key=list(LOSS_NETWORKS).index
    )


def test_each_study_entry_falls_back_to_its_seeded_random_twin():
    pretrained, random = loss_network_study_entries(), loss_network_study_entries(False)
    assert len(random) == 56
    for name, twin in zip(pretrained, random):
        spec, twin_spec = get_loss_network_spec(name), get_loss_network_spec(twin)
        assert spec.fallback == twin and not twin_spec.pretrained and not twin_spec.studies
        assert (twin_spec.model, twin_spec.layers) == (spec.model, spec.layers)
        assert "seeded random, frozen" in twin_spec.description
        assert spec.weight_files == (spec.model,) and twin_spec.weight_files == ()


def test_names_are_arch_colon_layer_in_lower_case_and_case_insensitive():
    for name in loss_network_study_entries():
        assert name == "alexnet" or re.fullmatch(r"[a-z0-9_]+:[a-z0-9_]+", name), name
    assert get_loss_network_spec("Inception_V3:Mixed_6e").layers == ("Mixed_6e",)


@pytest.mark.parametrize("name", list(EARLIER_NAMES))
def test_the_names_that_predate_the_study_mean_the_same_network(name):
    spec = get_loss_network_spec(name)
    assert spec.name == name and (spec.model, spec.layers[0]) == EARLIER_NAMES[name]
    assert spec.imagenet_normalised == (spec.model != "alexnet")


def test_top1_and_cut_are_there_for_the_ranking_without_torch():
    spec = get_loss_network_spec("vgg16:relu3_3")
    assert spec.trunk.imagenet_top1 == pytest.approx(71.592)
    assert (spec.layer_depth, spec.cut) == (3, 16)  # the study's child index 15
    assert get_loss_network_spec("vgg16:relu4_3").layer_depth is None
    assert get_loss_network_spec("lpips").layer_depth is None


def test_densenets_old_file_keys_load_into_todays_modules(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    monkeypatch.setenv("PERCAE_OFFLINE", "1")
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(3)
        reference = torchvision.models.densenet121(weights=None).features[:5].eval()
    old = {}
    for key, value in reference.state_dict().items():
        # today's `denselayer1.norm1.weight` is `denselayer1.norm.1.weight` in torchvision's
        # file, which predates batch norm's `num_batches_tracked`
        if not key.endswith("num_batches_tracked"):
            old_key = re.sub(r"(denselayer\d+\.(?:norm|conv))([12])\.", r"\1.\2.", key)
            old[f"features.{old_key}"] = value
    assert any(".norm.1." in key for key in old) and densenet_key(
        "features.denseblock1.denselayer1.norm.1.weight"
    ) == ("features.denseblock1.denselayer1.norm1.weight")
    file = PRETRAINED_FILES["densenet121"].path
    file.parent.mkdir(parents=True)
    torch.save(old, file)
    net = build_loss_network("densenet121:denseblock1")
    x = torch.rand(1, 3, 64, 64, generator=torch.Generator().manual_seed(0))
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    expected = torch.sigmoid(reference((x - mean) / std)).flatten(1)
    torch.testing.assert_close(net(x)[0], expected)


def test_inception_v3s_mixed_6e_needs_43_pixels_and_says_so():
    spec = get_loss_network_spec("inception_v3:mixed_6e")
    assert smallest_input_side(spec.model, spec.layers) == 43
    check_input_size("inception_v3:mixed_6e", (64, 64), dataset="SVHN")
    with pytest.raises(UsageError) as info:
        check_input_size("inception_v3:mixed_6e", (32, 32), dataset="Tiny")
    text = str(info.value)
    assert "43 x 43" in text and "32 x 32" in text and "Tiny" in text
    assert "nothing was trained" in text


def test_every_study_network_takes_the_smallest_datasets_64_pixel_images():
    for name in loss_network_study_entries():
        check_input_size(name, (64, 64), dataset="SVHN")
