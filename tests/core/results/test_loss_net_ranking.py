"""The loss-network ranking: perceptual results of several networks, mean ± std, best marked."""

from __future__ import annotations

from percae_core.results.loss_net_ranking import RANKING_SECTION, loss_net_ranking_sections


def record(net: str | None, variant: str, z: int, seed: int, value: float) -> dict:
    return {
        "dataset": "lunarlander",
        "variant": variant,
        "z": z,
        "loss_net": net,
        "predictor": "mlp",
        "metric": "distance_px",
        "value": value,
        "seed": seed,
        "repeat": 0,
        "profile": "quick",
        "device": "cpu",
        "gamma": None,
    }


def test_loss_networks_are_ranked_per_latent_size_with_mean_and_std_over_runs():
    records = [
        record("alexnet", "pae", 8, 0, 4.0),
        record("alexnet", "pae", 8, 1, 6.0),
        record("vgg16", "pae", 8, 0, 3.0),
        record("vgg16", "pae", 32, 0, 9.0),
        record("alexnet", "pae", 32, 0, 2.0),
        record(None, "ae", 8, 0, 1.0),
    ]
    (section,) = loss_net_ranking_sections(records)
    assert section.loss_net == RANKING_SECTION and section.profile == "quick"
    (table,) = section.tables
    assert table.columns == ("z", "alexnet", "vgg16")
    assert table.rows[0] == ("z=8", "5.00 ± 1.41 (n=2)", "3.00")
    assert table.best == (2, 1), "lower distance wins: vgg16 at z=8, alexnet at z=32"
    assert table.notes == ("ranking z=8: vgg16 > alexnet", "ranking z=32: alexnet > vgg16")


def test_one_loss_network_or_pixel_variants_only_give_no_ranking():
    records = [record("alexnet", "pae", 8, 0, 4.0), record(None, "ae", 8, 0, 1.0)]
    assert loss_net_ranking_sections(records) == []
