"""A dataset and a loss network percae has never seen, each added with one registry entry
(tests/toy_entries.py), train a study end to end: its rows name both, the perceptual cell
optimised the new network's own distance, and the metric is the one the new dataset names."""

from __future__ import annotations

import math

import toy_entries
from toy_entries import TOY, TOY_NET

from percae_core.models.variants import VARIANTS
from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_core.runner.bench import prepare_plan, run_plan
from percae_core.runner.plan import BenchRequest


def test_a_new_dataset_and_loss_network_train_a_study_and_name_its_rows(toy_registered, tmp_path):
    home = Home(tmp_path / "home").ensure()
    perceptual = next(v.name for v in VARIANTS.values() if v.perceptual and not v.variational)
    pixel = next(v.name for v in VARIANTS.values() if not v.perceptual and not v.variational)
    request = BenchRequest(
        datasets=(TOY.name,),
        profile="smoke",
        variants=(pixel, perceptual),
        loss_net=TOY_NET.name,
        epochs=1,
        batch_size=32,
    )
    toy_entries.DISTANCE_CALLS.clear()
    run_plan(prepare_plan(request, home), home)

    assert toy_entries.DISTANCE_CALLS, "the perceptual cell trained through the toy distance"
    with ResultsDB.open(home.database) as db:
        records = db.cells.result_records()
        statuses = {cell["variant"]: cell["status"] for cell in db.cells.all()}
    assert statuses == {pixel: "done", perceptual: "done"}
    by_variant = {(r["variant"], r["predictor"]): r for r in records}
    for variant in (pixel, perceptual):
        row = by_variant[(variant, "mlp")]
        assert row["dataset"] == TOY.name and row["metric"] == TOY.metric
        assert 0.0 <= row["value"] <= 1.0
        assert math.isfinite(by_variant[(variant, "decoder")]["value"])
    assert by_variant[(perceptual, "mlp")]["loss_net"] == TOY_NET.name
    assert not by_variant[(pixel, "mlp")]["loss_net"]
