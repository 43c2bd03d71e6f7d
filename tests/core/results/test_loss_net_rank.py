"""The loss-network ranking from stored records, checked against scipy on fixed inputs: means,
t intervals over repeats, n = 1's bootstrap over test examples, ranks, the pixel-wise reference,
verdicts, and the Spearman correlations with ImageNet top-1 and layer depth."""

from __future__ import annotations

import numpy as np
import pytest
from rank_study import LUNAR, LUNAR_AE, STL_ACCURACY, correctness, make_rank_study
from scipy import stats

from percae_core.paths import Home
from percae_core.results.comparisons import run_scores_loader
from percae_core.results.db import ResultsDB
from percae_core.results.imagenet_accuracy import imagenet_top1
from percae_core.results.loss_net_facts import network_facts
from percae_core.results.loss_net_rank import (
    BOOTSTRAP_INTERVAL,
    T_INTERVAL,
    Ranking,
    build_rankings,
)
from percae_core.stats.evidence import BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED
from percae_core.stats.spearman import fisher_interval

# torchvision's published ImageNet-1K top-1 (weights metadata) of the registered trunks.
TOP1 = {"alexnet": 56.522, "vgg16": 71.592, "resnet18": 69.758, "squeezenet1_1": 58.178}


@pytest.fixture
def rankings(isolated_home) -> dict[str, Ranking]:
    home = make_rank_study(Home(isolated_home))
    with ResultsDB.open(home.database) as db:
        records = db.cells.result_records()
    return {r.dataset: r for r in build_rankings(records, run_scores_loader(home.runs))}


def test_imagenet_top1_comes_from_torchvision_metadata_and_random_networks_have_none():
    for trunk, top1 in TOP1.items():
        assert imagenet_top1(trunk) == pytest.approx(top1)
    assert network_facts("squeezenet1_1-random:fire9").imagenet_top1 is None
    assert network_facts("alexnet").imagenet_top1 == pytest.approx(TOP1["alexnet"])


def test_depth_is_the_taps_position_among_the_studys_layers_of_its_trunk():
    assert (network_facts("alexnet").layer, network_facts("alexnet").depth) == ("relu2", 2)
    assert network_facts("alexnet:relu5").depth == 4, "the study taps relu1, 2, 3 and 5"
    assert network_facts("vgg16:relu5_3").depth == 4, "vgg16 has 13 ReLUs; the study taps 4"
    assert network_facts("resnet18:layer4").depth == 4
    assert network_facts("resnet18:layer3").depth is None, "a layer the study did not tap"
    assert network_facts("lpips").depth is None, "LPIPS taps five layers: no single depth"


def test_networks_are_ranked_best_first_with_t_intervals_over_repeats(rankings):
    lunar = rankings["lunarlander"]
    assert lunar.higher_is_better is False and lunar.z == 64 and lunar.variant == "pae"
    means = {net: float(np.mean(runs)) for net, runs in LUNAR.items()}
    expected = stats.rankdata(list(means.values()), method="average")
    ranked = {n.facts.loss_net: n for n in lunar.networks}
    assert [n.facts.loss_net for n in lunar.networks][0] == "vgg16:relu2_2"
    for (net, runs), rank in zip(LUNAR.items(), expected):
        network = ranked[net]
        ci = stats.ttest_1samp(runs, 0.0).confidence_interval(0.95)
        assert network.rank == rank
        assert network.score.n == 3 and network.score.interval_method == T_INTERVAL
        assert network.score.mean == pytest.approx(means[net])
        assert (network.score.ci_low, network.score.ci_high) == pytest.approx((ci.low, ci.high))


def test_pixel_wise_twin_is_the_reference_and_each_network_has_its_verdict(rankings):
    lunar = rankings["lunarlander"]
    assert lunar.reference is not None and lunar.reference.variant == "ae"
    assert lunar.reference.score.mean == pytest.approx(np.mean(LUNAR_AE))
    verdicts = {n.facts.loss_net: n.vs_pixel for n in lunar.networks}
    assert verdicts["vgg16:relu2_2"] == "better", "2 px against 8 px over three repeats"
    assert verdicts["squeezenet1_1-random:fire9"] == "worse"


def test_correlations_match_scipy_over_the_pretrained_networks_only(rankings):
    lunar = rankings["lunarlander"]
    top1, depth = lunar.correlations
    pretrained = [net for net in LUNAR if "random" not in net]
    scores = [float(np.mean(LUNAR[net])) for net in pretrained]
    accuracy = [TOP1[network_facts(net).trunk or ""] for net in pretrained]
    expected = stats.spearmanr(scores, accuracy)
    assert (top1.against, top1.n) == ("imagenet_top1", 5)
    assert top1.rho == pytest.approx(expected.statistic)
    assert top1.p == pytest.approx(expected.pvalue)
    assert (top1.ci_low, top1.ci_high) == pytest.approx(fisher_interval(top1.rho or 0.0, 5))
    depths = [network_facts(net).depth for net in pretrained]
    assert depth.rho == pytest.approx(stats.spearmanr(scores, depths).statistic)
    assert lunar.random_networks == 1


def test_a_single_run_gets_the_bootstrap_over_its_test_examples(rankings):
    stl = rankings["stl10"]
    assert stl.higher_is_better is True
    assert [n.facts.loss_net for n in stl.networks][0] == "vgg16:relu2_2"
    best = stl.networks[0]
    scores = correctness(STL_ACCURACY["vgg16:relu2_2"])
    result = stats.bootstrap(
        (scores,),
        np.mean,
        n_resamples=BOOTSTRAP_RESAMPLES,
        method="percentile",
        rng=np.random.default_rng(BOOTSTRAP_SEED),
    )
    assert best.score.n == 1 and best.score.interval_method == BOOTSTRAP_INTERVAL
    assert best.score.ci_low == pytest.approx(result.confidence_interval.low)
    assert best.score.ci_high == pytest.approx(result.confidence_interval.high)
    assert stl.reference is None, "no pixel-wise AE was run on STL-10"


def test_no_ranking_without_two_loss_networks_in_a_setting():
    from rank_study import cell

    one = {**cell("lunarlander", "pae", "alexnet", 0), "predictor": "mlp"}
    one |= {"metric": "distance_px", "value": 3.0, "epochs": 2, "batch_size": 32}
    assert build_rankings([one]) == []


def _record(net: str, repeat: int, value: float) -> dict:
    from rank_study import cell

    return {
        **cell("lunarlander", "pae", net, repeat),
        "predictor": "mlp",
        "metric": "distance_px",
        "value": value,
        "epochs": 2,
        "batch_size": 32,
        "onscreen": "paper",
        "precision": "fp32",
        "config_hash": f"{net}-{repeat}",
    }


def test_tied_means_share_the_average_rank_as_scipy_gives_it():
    values = {"alexnet": 3.0, "vgg16:relu2_2": 2.0, "resnet18:layer2": 3.0, "alexnet:relu5": 4.0}
    records = [_record(net, repeat, value) for net, value in values.items() for repeat in (0, 1)]
    (ranking,) = build_rankings(records)
    ranks = {n.facts.loss_net: n.rank for n in ranking.networks}
    expected = stats.rankdata(list(values.values()), method="average")
    assert ranks == dict(zip(values, expected))
    assert ranks["alexnet"] == ranks["resnet18:layer2"] == 2.5
    assert ranking.networks[0].score.ci_low == ranking.networks[0].score.ci_high == 2.0
