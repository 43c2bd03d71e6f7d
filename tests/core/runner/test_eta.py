import sqlite3

import pytest

from percae_core.data.catalog import describe, list_datasets
from percae_core.profiles import get_profile, list_profiles
from percae_core.results.db import ResultsDB
from percae_core.results.rows import DiagnosticsRow, FitRow
from percae_core.runner.eta import STUDY_START_S, ae_train_images, estimate, estimate_seconds
from percae_core.runner.plan import BenchRequest, build_cells


def cells(**kwargs):
    request = BenchRequest(datasets=("lunarlander",), profile="quick", **kwargs)
    return build_cells(request, get_profile("quick"), "alexnet-random", ["lunarlander"])


def test_eta_grows_with_epochs_and_shrinks_with_measured_speed():
    profile = get_profile("quick")
    base = estimate_seconds(cells(), profile, "cpu", {})
    assert estimate_seconds(cells(epochs=10), profile, "cpu", {}) > 1.9 * base
    fast = {("lunarlander", False): 6000.0, ("lunarlander", True): 5200.0}
    assert estimate_seconds(cells(), profile, "cpu", fast) < 0.2 * base
    assert estimate_seconds(cells(), profile, "cuda", {}) < 0.1 * base


def test_quick_profile_eta_is_minutes_not_hours_on_a_cpu():
    seconds = estimate_seconds(cells(), get_profile("quick"), "cpu", {})
    assert 5 * 60 < seconds < 60 * 60


@pytest.mark.parametrize("profile", list_profiles())
@pytest.mark.parametrize("dataset", list_datasets())
def test_every_dataset_is_estimated_from_its_own_catalog_entry(dataset, profile):
    chosen = get_profile(profile)
    request = BenchRequest(datasets=(dataset,), profile=profile)
    cell = build_cells(request, chosen, "alexnet-random", [dataset])[0]
    scale = chosen.scale(dataset)
    full = describe(dataset).ae_part_images(scale)
    assert ae_train_images(cell, chosen) == int(0.8 * min(full, scale.ae_images or full))
    assert estimate_seconds([cell], chosen, "cpu", {}) > 0


SMOKE_SECONDS = 100.0
"""The smoke study's wall time on a quiet 2-core Intel Xeon (fits 10-13 s, 8-10 s after each)."""


def smoke_cells():
    request = BenchRequest(datasets=("lunarlander",), profile="smoke")
    return build_cells(request, get_profile("smoke"), "alexnet-random", ["lunarlander"])


def test_a_first_guess_for_the_smoke_study_is_within_2x_and_says_it_is_estimating():
    guess = estimate(smoke_cells(), get_profile("smoke"), "cpu", {})
    assert SMOKE_SECONDS / 2 < guess.seconds < 2 * SMOKE_SECONDS
    assert not guess.learnt and guess.text("1m40s").startswith("estimating")


def test_the_eta_learns_every_stage_from_this_machines_finished_cells(tmp_path):
    with ResultsDB.open(tmp_path / "results.sqlite") as db:
        experiment = db.cells.create_experiment({"profile": "smoke"})
        for variant in ("ae", "pae"):
            cell_id = db.cells.upsert(
                experiment,
                {
                    "config_hash": variant,
                    "dataset": "lunarlander",
                    "variant": variant,
                    "z": 32,
                    "profile": "smoke",
                    "seed": 0,
                    "device": "cpu",
                    "config": {},
                },
            )
            db.cells.record_fit(
                cell_id,
                FitRow(
                    epochs_run=2,
                    seconds=12.0,
                    seconds_per_epoch=6.0,
                    images_per_s=150.0,
                    device="cpu",
                ),
            )
            db.cells.record_diagnostics(cell_id, DiagnosticsRow(active_dims=3))
    with sqlite3.connect(tmp_path / "results.sqlite") as raw:  # each cell: 9 s after its fit
        raw.execute("UPDATE fits SET recorded_at = '2026-01-01T10:00:00+00:00'")
        raw.execute("UPDATE diagnostics SET recorded_at = '2026-01-01T10:00:09+00:00'")
    with ResultsDB.open(tmp_path / "results.sqlite") as db:
        timings = db.cells.measured_timings("cpu")
    learnt = estimate(smoke_cells(), get_profile("smoke"), "cpu", {}, timings)
    assert learnt.learnt and "finished cells" in learnt.text("1m")
    # four cells of 2 epochs x 6 s plus 9 s after each fit, and the study's start once
    assert learnt.seconds == pytest.approx(4 * (2 * 6.0 + 9.0) + STUDY_START_S)
    assert timings[("lunarlander", "smoke", True)].cells == 1
