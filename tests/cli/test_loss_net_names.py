"""The `--loss-net` help lists every loss network compactly: expanding it gives the registry."""

from __future__ import annotations

from percae_core.cli.loss_net_names import compact_names, loss_network_choices
from percae_core.models.loss_network_registry import LOSS_NETWORKS


def _expand(listing: str) -> list[str]:
    names = []
    for group in listing.split(", "):
        base, _, layers = group.partition(":")
        names.extend([f"{base}:{layer}" for layer in layers.split(" | ")] if layers else [base])
    return names


def test_compact_names_round_trip():
    names = ["alexnet", "alexnet:relu1", "alexnet:relu3", "lpips", "vgg11:relu1_1"]
    assert compact_names(names) == "alexnet, alexnet:relu1 | relu3, lpips, vgg11:relu1_1"
    assert _expand(compact_names(names)) == names


def test_the_help_names_every_network_or_its_rule():
    text = loss_network_choices()
    listing = text.removeprefix("One of: ").split("; each with")[0]
    twins = {spec.fallback for spec in LOSS_NETWORKS.values() if spec.pretrained}
    expected = [name for name in LOSS_NETWORKS if name not in twins]
    assert sorted(_expand(listing)) == sorted(expected)
    assert all(name.replace("-random", "", 1) in LOSS_NETWORKS for name in twins if name)
    assert "ARCH-random:LAYER" in text
