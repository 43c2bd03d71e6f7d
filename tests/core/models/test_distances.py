"""The feature distances and input normalisations by name: each against a hand computation,
and a loss network built with another distance or normalisation than its own."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
import torch

from percae_core.errors import UsageError
from percae_core.events import ignore_events
from percae_core.models.distances import DISTANCES, get_distance
from percae_core.models.input_norms import INPUT_NORMS, get_input_norm
from percae_core.models.loss_networks import IMAGENET_MEAN, IMAGENET_STD, build_loss_network

A = torch.tensor([[0.0, 1.0, -2.0]])
B = torch.tensor([[1.0, 1.0, 2.0]])


def _build(name: str):
    return get_distance(name).build_function()(
        (3,), pretrained=False, allow_download=False, on_event=ignore_events
    )


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def test_sigmoid_mse_is_the_mse_of_the_sigmoid_features():
    distance = _build("sigmoid-mse")
    got = distance([distance.prepare(0, A)], [distance.prepare(0, B)])
    pairs = [(0.0, 1.0), (1.0, 1.0), (-2.0, 2.0)]
    expected = sum((_sigmoid(a) - _sigmoid(b)) ** 2 for a, b in pairs) / 3
    assert got.item() == pytest.approx(expected, rel=1e-6)


def test_mse_is_the_plain_mse_of_the_raw_features():
    distance = _build("mse")
    got = distance([distance.prepare(0, A)], [distance.prepare(0, B)])
    assert got.item() == pytest.approx((1 + 0 + 16) / 3, rel=1e-6)


def test_mse_sums_over_layers_and_flattens_each():
    distance = _build("mse")
    a = [distance.prepare(0, A.view(1, 3, 1, 1)), distance.prepare(1, torch.zeros(1, 2, 1, 1))]
    b = [distance.prepare(0, B.view(1, 3, 1, 1)), distance.prepare(1, torch.ones(1, 2, 1, 1))]
    assert distance(a, b).item() == pytest.approx(17 / 3 + 1, rel=1e-6)


def test_unknown_names_are_usage_errors_listing_the_known_ones():
    with pytest.raises(UsageError) as distance:
        get_distance("l1")
    assert all(name in distance.value.hint for name in DISTANCES)
    with pytest.raises(UsageError) as norm:
        get_input_norm("zscore")
    assert all(name in norm.value.hint for name in INPUT_NORMS)


def test_a_network_compares_by_the_asked_distance_and_normalisation():
    torch.manual_seed(0)
    x, y = torch.rand(2, 3, 32, 32), torch.rand(2, 3, 32, 32)
    own = build_loss_network("alexnet-random", seed=1)
    plain = build_loss_network("alexnet-random", seed=1, distance="mse", input_norm="imagenet")
    assert (own.distance_name, own.input_norm) == ("sigmoid-mse", "none")
    assert (plain.distance_name, plain.input_norm) == ("mse", "imagenet")
    mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    raw = own.trunk((x - mean) / std), own.trunk((y - mean) / std)
    expected = torch.nn.functional.mse_loss(raw[0].flatten(1), raw[1].flatten(1))
    torch.testing.assert_close(plain.distance(plain(x), plain(y)), expected)
    sig = torch.nn.functional.mse_loss(torch.sigmoid(own.trunk(x)), torch.sigmoid(own.trunk(y)))
    torch.testing.assert_close(own.distance(own(x), own(y)), sig)


def test_input_norm_none_feeds_the_images_as_they_are():
    vgg = build_loss_network("squeezenet1_1-random:relu1", seed=0)
    raw = build_loss_network("squeezenet1_1-random:relu1", seed=0, input_norm="none")
    assert vgg.input_norm == "imagenet" and raw.input_norm == "none"
    x = torch.rand(1, 3, 32, 32)
    torch.testing.assert_close(raw(x)[0], torch.sigmoid(raw.trunk(x)).flatten(1))


def test_lpips_distance_on_another_network_weights_channels_equally():
    network = build_loss_network("alexnet-random", distance="lpips")
    assert network.distance_name == "lpips"
    x, y = torch.rand(1, 3, 32, 32), torch.rand(1, 3, 32, 32)
    fx, fy = network.trunk(x), network.trunk(y)
    nx = fx / (fx.pow(2).sum(1, keepdim=True).sqrt() + 1e-10)
    ny = fy / (fy.pow(2).sum(1, keepdim=True).sqrt() + 1e-10)
    expected = (nx - ny).pow(2).sum(1).mean()
    torch.testing.assert_close(network.distance(network(x), network(y)), expected)


def test_listing_the_distances_needs_no_torch():
    code = (
        "import sys; from percae_core.models.distances import DISTANCES; "
        "from percae_core.models.input_norms import INPUT_NORMS; "
        "print(list(DISTANCES), list(INPUT_NORMS), 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['sigmoid-mse', 'mse', 'lpips'] ['imagenet', 'none'] False"
