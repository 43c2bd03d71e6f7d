"""Records list variants in the paper's order (AE, VAE, P. AE, P. VAE) even though the pixel-wise
variants store no loss network and the plain ones no gamma (issue 25 item 15)."""

from __future__ import annotations

from percae_core.models.variants import list_variants
from percae_core.results.record_order import record_sort_key


def _record(variant: str, z: int, loss_net: str | None, gamma: float | None) -> dict:
    return {
        "dataset": "lunarlander",
        "variant": variant,
        "z": z,
        "seed": 0,
        "repeat": 0,
        "loss_net": loss_net,
        "gamma": gamma,
        "profile": "smoke",
        "predictor": "mlp",
    }


def test_variants_follow_the_paper_whatever_their_loss_network_and_gamma() -> None:
    records = [
        _record("pvae", 32, "alexnet", 0.01),
        _record("pae", 32, "alexnet", None),
        _record("vae", 32, None, 0.01),
        _record("ae", 32, None, None),
    ]
    ordered = sorted(records, key=record_sort_key)
    assert [r["variant"] for r in ordered] == list_variants()


def test_one_variants_loss_networks_stay_together() -> None:
    records = [
        _record("pae", 32, "vgg16", None),
        _record("ae", 32, None, None),
        _record("pae", 32, "alexnet", None),
    ]
    ordered = sorted(records, key=record_sort_key)
    assert [(r["variant"], r["loss_net"]) for r in ordered] == [
        ("ae", None),
        ("pae", "alexnet"),
        ("pae", "vgg16"),
    ]
