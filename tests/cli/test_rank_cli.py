"""`percae rank`: the three formats, --dataset, --out, and the messages without a ranking."""

from __future__ import annotations

import csv
import io
import json

import pytest
from cli_invocation import run_cli
from rank_study import LUNAR, make_rank_study

from percae_core.paths import Home
from percae_core.results.loss_net_rank_export import NETWORK_KEYS


@pytest.fixture
def home(isolated_home) -> Home:
    return make_rank_study(Home(isolated_home))


def test_json_ranks_the_networks_and_reports_both_correlations(home, capsys):
    code, out, _ = run_cli(capsys, "rank", "--format", "json")
    assert code == 0
    rankings = json.loads(out)
    assert [r["dataset"] for r in rankings] == ["lunarlander", "stl10"]
    lunar = rankings[0]
    assert [n["loss_net"] for n in lunar["networks"]][0] == "vgg16:relu2_2"
    assert {n["loss_net"] for n in lunar["networks"]} == set(LUNAR)
    assert set(NETWORK_KEYS) <= set(lunar["networks"][0])
    assert [c["with"] for c in lunar["correlations"]] == ["imagenet_top1", "depth"]
    assert all(c["n"] == 5 and c["rho"] is not None for c in lunar["correlations"])
    assert lunar["pixel_reference"]["variant"] == "ae"
    random = next(n for n in lunar["networks"] if not n["pretrained"])
    assert random["imagenet_top1"] is None


def test_markdown_and_csv_show_the_same_ranking(home, capsys):
    code, out, _ = run_cli(capsys, "rank", "--dataset", "lunarlander")
    assert code == 0
    assert "### Which loss network? LunarLander" in out and "STL-10" not in out
    assert "| 1 | **vgg16:relu2_2** |" in out and "AE (pixel-wise)" in out
    assert "Spearman, ImageNet top-1: rho =" in out
    code, out, _ = run_cli(capsys, "rank", "--format", "csv", "--dataset", "lunarlander")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == len(LUNAR)
    assert rows[0]["loss_net"] == "vgg16:relu2_2" and rows[0]["rank"] == "1.0"


def test_out_writes_the_file(home, capsys, tmp_path):
    target = tmp_path / "rank.json"
    code, _, err = run_cli(capsys, "rank", "-f", "json", "--out", str(target))
    assert code == 0 and "Wrote 2 rankings" in err
    assert json.loads(target.read_text())[0]["dataset"] == "lunarlander"


def test_empty_home_and_unknown_dataset_are_clear_errors(isolated_home, capsys):
    code, _, err = run_cli(capsys, "rank")
    assert code == 1 and "No results yet" in err and "--study loss-networks" in err
    code, _, err = run_cli(capsys, "rank", "--dataset", "mnist")
    assert code == 2 and "Unknown dataset 'mnist'" in err


def test_a_dataset_without_two_loss_networks_has_no_ranking(home, capsys):
    code, _, err = run_cli(capsys, "rank", "--dataset", "svhn")
    assert code == 1 and "No loss-network comparison for svhn" in err


def test_out_never_replaces_the_results_database(home, capsys):
    before = home.database.read_bytes()
    code, _, err = run_cli(capsys, "rank", "--out", str(home.database), "--force")
    assert code == 2 and "destroy the study" in err
    assert home.database.read_bytes() == before
