"""The `lpips` loss network: LPIPS's arithmetic, its two weights files, its offline policy.

Weights are crafted (seeded, the right shapes) in a temporary TORCH_HOME; where the `lpips`
package is installed, its own implementation is the reference.
"""

from __future__ import annotations

import pytest
import torch
import torchvision
from crafted_weights import crafted_alexnet_features, crafted_lpips_weights, write_lpips_files

from percae_core.errors import CorruptCacheError, WeightsMissingError
from percae_core.models.loss_networks import (
    IMAGENET_MEAN,
    IMAGENET_STD,
    build_loss_network,
    choose_loss_network,
)
from percae_core.models.weights import PRETRAINED_FILES, PretrainedFile, cache_dir

ALEXNET_TAPS = (2, 5, 8, 10, 12)


@pytest.fixture(autouse=True)
def no_installed_package(monkeypatch):
    """Only what a test writes into its TORCH_HOME counts, installed `lpips` or not."""
    monkeypatch.setattr(PretrainedFile, "packaged_path", lambda self: None)


@pytest.fixture
def lpips_files() -> None:
    write_lpips_files(cache_dir(), seed=0)


def _images(seed: int, n: int = 3) -> torch.Tensor:
    return torch.rand(n, 3, 64, 64, generator=torch.Generator().manual_seed(seed))


def _lpips_by_hand(features: torch.nn.Module, lins: list[torch.Tensor], x, y) -> torch.Tensor:
    """LPIPS written out: ImageNet-normalised input, unit channel vectors, weighted sum, means."""
    mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    total = torch.zeros(())
    for lin, tap in zip(lins, ALEXNET_TAPS, strict=True):
        a, b = features[:tap]((x - mean) / std), features[:tap]((y - mean) / std)
        a = a / (a.norm(dim=1, keepdim=True) + 1e-10)
        b = b / (b.norm(dim=1, keepdim=True) + 1e-10)
        total = total + ((a - b) ** 2 * lin).sum(dim=1).mean()
    return total


def _features(state: dict[str, torch.Tensor]) -> torch.nn.Module:
    with torch.device("meta"):
        features = torchvision.models.alexnet(weights=None).features.eval()
    features.load_state_dict(
        {k.removeprefix("features."): v for k, v in state.items()}, assign=True
    )
    return features


def test_pretrained_lpips_is_the_lpips_formula_on_both_files(lpips_files):
    net = build_loss_network("lpips")
    assert net.name == "lpips" and net.pretrained
    x, y = _images(0), _images(1)
    lins = list(crafted_lpips_weights(1).values())
    expected = _lpips_by_hand(_features(crafted_alexnet_features(0)), lins, x, y)
    torch.testing.assert_close(net.distance(net(x), net(y)), expected, rtol=1e-5, atol=1e-7)


def test_lpips_random_is_seeded_with_equal_channel_weights():
    net = build_loss_network("lpips-random", seed=4)
    assert net.name == "lpips-random" and not net.pretrained
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(4)
        features = torchvision.models.alexnet(weights=None).features.eval()
    ones = [torch.ones(1, c, 1, 1) for c in (64, 192, 384, 256, 256)]
    x, y = _images(2), _images(3)
    expected = _lpips_by_hand(features, ones, x, y)
    torch.testing.assert_close(net.distance(net(x), net(y)), expected, rtol=1e-5, atol=1e-7)


@pytest.mark.filterwarnings("ignore:.*deprecated since 0.13:UserWarning")
def test_matches_the_lpips_package_itself(lpips_files):
    lpips = pytest.importorskip("lpips")
    reference = lpips.LPIPS(net="alex", pnet_rand=True, pretrained=False, verbose=False).eval()
    alexnet = crafted_alexnet_features(0)
    for number, start, stop in zip(range(1, 6), (0, 2, 5, 8, 10), ALEXNET_TAPS, strict=True):
        getattr(reference.net, f"slice{number}").load_state_dict(
            {
                k.removeprefix("features."): v
                for k, v in alexnet.items()
                if start <= int(k.split(".")[1]) < stop
            }
        )
    reference.load_state_dict(crafted_lpips_weights(1), strict=False)
    net = build_loss_network("lpips")
    x, y = _images(4), _images(5)
    with torch.no_grad():
        expected = reference(x, y, normalize=True).mean()
    torch.testing.assert_close(net.distance(net(x), net(y)), expected, rtol=1e-5, atol=1e-6)


def test_gradients_reach_the_reconstruction_only(lpips_files):
    net = build_loss_network("lpips")
    x = _images(6).requires_grad_(True)
    with torch.no_grad():
        target = net(_images(7))
    net.distance(net(x), target).backward()
    assert x.grad is not None and x.grad.abs().sum() > 0
    assert all(not p.requires_grad for p in net.parameters())


def test_offline_without_files_one_error_names_both_files(tmp_path):
    with pytest.raises(WeightsMissingError) as info:
        build_loss_network("lpips")
    text = str(info.value)
    assert PRETRAINED_FILES["alexnet"].file_name in text
    assert PRETRAINED_FILES["lpips-alex"].file_name in text and "pip install lpips" in text


def test_explicit_lpips_offline_stops_and_points_to_lpips_random(tmp_path):
    (cache_dir()).mkdir(parents=True)
    torch.save(crafted_alexnet_features(0), PRETRAINED_FILES["alexnet"].path)
    with pytest.raises(WeightsMissingError) as info:
        choose_loss_network("lpips", pretrained_required=False)
    text = str(info.value)
    assert "explicitly" in text and "--loss-net lpips-random" in text
    assert PRETRAINED_FILES["lpips-alex"].file_name in text
    assert PRETRAINED_FILES["alexnet"].file_name not in info.value.message
    choice = choose_loss_network("lpips-random", pretrained_required=True)
    assert choice.name == "lpips-random" and choice.warning is None


def test_a_channel_weights_file_of_the_wrong_shape_is_reported(lpips_files):
    broken = crafted_lpips_weights(1)
    broken["lin2.model.1.weight"] = torch.ones(1, 10, 1, 1)
    torch.save(broken, PRETRAINED_FILES["lpips-alex"].path)
    with pytest.raises(CorruptCacheError, match="lin2.model.1.weight"):
        build_loss_network("lpips")
