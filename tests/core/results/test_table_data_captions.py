"""Caption notes say which loss networks are random, read from each network's `pretrained` flag."""

from __future__ import annotations

from dataclasses import replace

from percae_core.models.loss_network_registry import LOSS_NETWORKS
from percae_core.results.table_data import caption_for


def _caption(net: str) -> str:
    return caption_for([{"loss_net": net, "profile": "smoke", "device": "cpu"}])


def test_the_papers_fallback_keeps_its_note():
    assert _caption("alexnet-random").endswith(
        "(alexnet-random = AlexNet layers with seeded random weights, frozen: an "
        "ablation/offline fallback, not the paper's pretrained network)"
    )


def test_any_random_network_is_noted_whatever_its_name(monkeypatch):
    caption = _caption("squeezenet1_1-random:fire2")
    assert (
        "squeezenet1_1-random:fire2 = SqueezeNet 1.1 layers with seeded random weights" in caption
    )
    # squeezenet1_1:fire2 falls back to it offline; were it nobody's fallback, only an ablation
    assert "an ablation/offline fallback, not the paper's pretrained network" in caption
    no_fallback = replace(LOSS_NETWORKS["squeezenet1_1:fire2"], fallback=None)
    monkeypatch.setitem(LOSS_NETWORKS, "squeezenet1_1:fire2", no_fallback)
    caption = _caption("squeezenet1_1-random:fire2")
    assert "an ablation, not the paper's pretrained network" in caption
    assert "random weights" in _caption("alexnet-random:relu4")


def test_a_pretrained_network_gets_no_note_and_the_flag_decides(monkeypatch):
    assert "(" not in _caption("squeezenet1_1:fire2")
    random_twin = replace(LOSS_NETWORKS["squeezenet1_1:fire2"], pretrained=False)
    monkeypatch.setitem(LOSS_NETWORKS, "squeezenet1_1:fire2", random_twin)
    assert "squeezenet1_1:fire2 = SqueezeNet 1.1 layers with seeded random" in _caption(
        "squeezenet1_1:fire2"
    )


def test_an_unregistered_network_is_named_without_a_note():
    caption = _caption("gone-net:layer9")
    assert "gone-net:layer9" in caption and "(" not in caption
