"""A study run with --distance mse trains its perceptual cell through plain MSE, not the loss
network's own distance, and stores it as another cell beside the network's own (one tiny fit
each on the toy dataset of tests/toy_entries.py)."""

from __future__ import annotations

from dataclasses import replace

import toy_entries
from toy_entries import TOY, TOY_NET

from percae_core.models.variants import VARIANTS
from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_core.results.tables import build_sections
from percae_core.runner.bench import prepare_plan, run_plan
from percae_core.runner.plan import BenchRequest


def test_the_cells_distance_is_the_one_trained_and_stored(toy_registered, tmp_path):
    home = Home(tmp_path / "home").ensure()
    perceptual = next(v.name for v in VARIANTS.values() if v.perceptual and not v.variational)
    request = BenchRequest(
        datasets=(TOY.name,),
        profile="smoke",
        variants=(perceptual,),
        loss_net=TOY_NET.name,
        epochs=1,
        batch_size=32,
    )
    toy_entries.DISTANCE_CALLS.clear()
    plan = prepare_plan(replace(request, distance="mse"), home)
    assert [net.distance_name for net in plan.loss_networks.values()] == ["mse"]
    run_plan(plan, home)
    assert not toy_entries.DISTANCE_CALLS, "the toy network's own distance was not used"
    run_plan(prepare_plan(request, home), home)
    assert toy_entries.DISTANCE_CALLS
    with ResultsDB.open(home.database) as db:
        records = [r for r in db.cells.result_records() if r["predictor"] == "mlp"]
        cells = db.cells.all()
    assert len({c["config_hash"] for c in cells}) == 2
    assert sorted(r["distance"] for r in records) == ["mse", "toy-mean-abs"]
    headings = [s.heading for s in build_sections(records, [], [])]
    assert len(headings) == 2 and any("distance mse" in h for h in headings)
