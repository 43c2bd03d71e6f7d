"""Comparisons built from stored results: P. AE vs AE over three repeats (the issue's "done
when" on records), a single run's test-sampling interval, and `percae compare`'s output."""

from __future__ import annotations

import json

import numpy as np
import pytest
from cli_invocation import run_cli
from scipy import stats

from percae_core.evaluation.test_scores import save_test_scores
from percae_core.paths import Home
from percae_core.results.comparisons import ANY_Z, build_comparisons, run_scores_loader
from percae_core.results.db import ResultsDB
from percae_core.stats.evidence import TEST_SAMPLING_LABEL

# (variant, z) -> distance px per repeat 0..2; P. AE lower (better) at z=32, undecided at 64.
VALUES = {
    ("ae", 32): [12.0, 12.6, 11.8],
    ("pae", 32): [3.0, 3.4, 2.9],
    ("ae", 64): [10.0, 10.5, 9.0],
    ("pae", 64): [10.2, 9.6, 9.5],
}
CONTRACT = (
    "dataset variant baseline z predictor metric n mean_diff ci_low ci_high ci_method "
    "prob_improvement p_holm verdict loss_net profile gamma epochs batch_size onscreen precision"
).split()


def _cell(variant: str, z: int, repeat: int) -> dict:
    return {
        "config_hash": f"lunar-{variant}-{z}-{repeat}",
        "dataset": "lunarlander",
        "variant": variant,
        "z": z,
        "loss_net": "alexnet" if variant == "pae" else None,
        "profile": "smoke",
        "seed": 0,
        "repeat": repeat,
        "gamma": None,
        "device": "cpu",
        "config": {"epochs": 2, "batch_size": 32, "precision": "fp32", "run_seed": repeat},
    }


def _store(
    home: Home, values: dict, scores: dict | None = None, val_losses: dict | None = None
) -> None:
    home.root.mkdir(parents=True, exist_ok=True)
    with ResultsDB.open(home.database) as db:
        experiment = db.cells.create_experiment({"command": "bench", "profile": "smoke"})
        for (variant, z), runs in values.items():
            for repeat, value in enumerate(runs):
                cell = _cell(variant, z, repeat)
                cell_id = db.cells.upsert(experiment, cell)
                val_loss = (val_losses or {}).get((variant, z), 0.1)
                db.cells.record_predictor(cell_id, "mlp", "mlp", val_loss, "distance_px", value)
                db.cells.set_status(cell_id, "done")
                if scores is not None:
                    folder = home.runs / cell["config_hash"]
                    folder.mkdir(parents=True, exist_ok=True)
                    save_test_scores(folder, "mlp", scores[(variant, z)], "sha")


@pytest.fixture
def home(isolated_home) -> Home:
    return Home(isolated_home)


def test_three_repeats_give_n_3_the_paired_mean_and_a_verdict_the_interval_holds(home):
    _store(home, VALUES)
    with ResultsDB.open(home.database) as db:
        comparisons = build_comparisons(db.cells.result_records())
    by_z = {c.z: c for c in comparisons}
    assert set(by_z) == {32, 64, ANY_Z}
    for z in (32, 64):
        c = by_z[z]
        assert (c.variant, c.baseline, c.n) == ("pae", "ae", 3)
        d = np.subtract(VALUES[("pae", z)], VALUES[("ae", z)])
        assert c.mean_diff == pytest.approx(d.mean())
        assert c.ci_low <= c.mean_diff <= c.ci_high
        ci = stats.ttest_rel(VALUES[("pae", z)], VALUES[("ae", z)]).confidence_interval(
            c.confidence
        )
        assert (c.ci_low, c.ci_high) == pytest.approx((ci.low, ci.high))
    assert by_z[32].verdict == "better" and by_z[32].ci_high < 0
    assert by_z[64].verdict == "unresolved" and by_z[64].ci_low <= 0 <= by_z[64].ci_high
    # "any": per run, each side at its validation-chosen z (all tie here: the smaller, 32)
    assert by_z[ANY_Z].n == 3 and by_z[ANY_Z].mean_diff == pytest.approx(by_z[32].mean_diff)
    assert (by_z[32].loss_net, by_z[32].profile, by_z[32].epochs) == ("alexnet", "smoke", 2)


def test_any_compares_each_side_at_the_z_its_validation_loss_chose(home):
    """As the tables' "Any" row: P. AE's validation loss picks z=64, AE's z=32, so "any" is
    P. AE at 64 minus AE at 32 per run (pooling every z's pairs would average 32 with 64)."""
    _store(home, VALUES, val_losses={("pae", 32): 0.5, ("pae", 64): 0.2, ("ae", 64): 0.3})
    with ResultsDB.open(home.database) as db:
        comparisons = build_comparisons(db.cells.result_records())
    any_z = next(c for c in comparisons if c.z == ANY_Z)
    d = np.subtract(VALUES[("pae", 64)], VALUES[("ae", 32)])
    assert any_z.n == 3 and any_z.mean_diff == pytest.approx(d.mean())
    ci = stats.ttest_rel(VALUES[("pae", 64)], VALUES[("ae", 32)]).confidence_interval(
        any_z.confidence
    )
    assert (any_z.ci_low, any_z.ci_high) == pytest.approx((ci.low, ci.high))


def test_a_single_run_gives_a_test_sampling_interval_labelled_as_such(home):
    rng = np.random.default_rng(0)
    scores = {("ae", 32): rng.uniform(5, 15, 400)}
    scores[("pae", 32)] = scores[("ae", 32)] - rng.uniform(0, 2, 400)
    values = {key: [float(s.mean())] for key, s in scores.items()}
    _store(home, values, scores)
    with ResultsDB.open(home.database) as db:
        records = db.cells.result_records()
    assert build_comparisons(records) == []  # no stored scores: no interval to report
    (c,) = build_comparisons(records, run_scores_loader(home.runs))  # one z: no "any" twice
    assert (c.n, c.label, c.verdict) == (1, TEST_SAMPLING_LABEL, "better")
    assert c.mean_diff == pytest.approx(values[("pae", 32)][0] - values[("ae", 32)][0])
    assert c.ci_low <= c.mean_diff <= c.ci_high < 0
    assert c.z == 32


def test_compare_json_follows_the_design_contract(home, capsys):
    _store(home, VALUES)
    code, out, _ = run_cli(capsys, "compare", "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert len(records) == 3
    for record in records:
        assert set(CONTRACT) <= set(record)
        low, high = record["ci_low"], record["ci_high"]
        side = "better" if high < 0 else "worse" if low > 0 else "unresolved"
        assert record["verdict"] == side


def test_compare_markdown_states_n_method_and_holm(home, capsys):
    _store(home, VALUES)
    code, out, _ = run_cli(capsys, "compare", "--setting", "profile=smoke")
    assert code == 0
    assert "n = 3 pairs" in out and "paired t over repeats" in out and "Holm" in out
    assert "P. AE vs AE" in out


def test_compare_refuses_an_unreadable_setting(home, capsys):
    _store(home, VALUES)
    code, _, err = run_cli(capsys, "compare", "--setting", "colour=red")
    assert code == 2 and "KEY=VALUE" in err


def test_compare_out_refuses_the_home_database(home, capsys):
    _store(home, VALUES)
    code, _, err = run_cli(capsys, "compare", "--out", str(home.database))
    assert code == 2 and "destroy the study" in err
