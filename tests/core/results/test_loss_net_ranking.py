"""The loss-network ranking tables (Results, exports, report): per setting and latent size, each
network's mean with its 95 % interval over runs; the best marked only where its interval clears
the runner-up's, the order said to be not established elsewhere; two settings never merged."""

from __future__ import annotations

import re

from scipy import stats

from percae_core.results.loss_net_ranking import (
    MARK_RULE,
    RANKING_SECTION,
    loss_net_ranking_sections,
)


def record(net: str | None, variant: str, z: int, seed: int, value: float, **extra) -> dict:
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
        **extra,
    }


def runs(loss_net: str | None, variant: str, z: int, values: list[float]) -> list[dict]:
    """One record per value, seeded 0, 1, ... (the repeats of one cell)."""
    return [record(loss_net, variant, z, seed, v) for seed, v in enumerate(values)]


def test_each_cell_shows_its_t_interval_and_an_overlap_is_not_marked():
    records = [
        *runs("alexnet", "pae", 8, [4.0, 6.0]),
        *runs("vgg16", "pae", 8, [3.0, 3.5]),
        record(None, "ae", 8, 0, 1.0),
    ]
    (section,) = loss_net_ranking_sections(records)
    assert section.loss_net == RANKING_SECTION and section.profile == "quick"
    (table,) = section.tables
    assert table.columns == ("z", "alexnet", "vgg16")
    low, high = stats.t.interval(0.95, 1, loc=5.0, scale=stats.sem([4.0, 6.0]))
    assert table.rows[0][1] == f"5.00 [{low:.2f}, {high:.2f}] (n=2)"
    # vgg16's mean is lower, but alexnet's interval (it spans -7.7 to 17.7) holds it
    assert table.best == (None,)
    assert table.notes == ("ranking z=8: vgg16 > alexnet (not established)", MARK_RULE)
    assert "95 % interval" in table.caption


def test_a_best_whose_interval_clears_the_runner_ups_is_marked():
    records = [
        *runs("alexnet", "pae", 32, [9.0, 9.1, 8.9]),
        *runs("vgg16", "pae", 32, [3.0, 3.1, 2.9]),
    ]
    ((table,),) = [s.tables for s in loss_net_ranking_sections(records)]
    assert table.columns[table.best[0]] == "vgg16", "lower distance wins"
    assert table.notes[0] == "ranking z=32: vgg16 > alexnet"


def test_one_run_without_stored_scores_has_no_interval_and_no_mark():
    records = [record("alexnet", "pae", 8, 0, 4.0), record("vgg16", "pae", 8, 0, 3.0)]
    ((table,),) = [s.tables for s in loss_net_ranking_sections(records)]
    assert table.rows[0] == ("z=8", "4.00", "3.00") and table.best == (None,)


def test_two_settings_of_the_networks_get_two_tables():
    records = [
        record(net, "pae", 8, 0, value, epochs=epochs)
        for epochs in (5, 50)
        for net, value in (("alexnet", 4.0), ("vgg16", 3.0))
    ]
    (section,) = loss_net_ranking_sections(records)
    assert len(section.tables) == 2
    assert len({table.key for table in section.tables}) == 2
    shown = sorted(re.search(r"epochs: (\d+)", t.caption).group(1) for t in section.tables)
    assert shown == ["5", "50"], "each table's caption names its own epochs"


def test_one_loss_network_or_pixel_variants_only_give_no_ranking():
    records = [record("alexnet", "pae", 8, 0, 4.0), record(None, "ae", 8, 0, 1.0)]
    assert loss_net_ranking_sections(records) == []
