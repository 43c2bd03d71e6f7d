"""A study with the 2023 predictor protocol trains its cells end to end: the cell trains the 7
LeakyReLU predictors, records the single best as its MLP row and the linear layer as its linear
row, keeps the protocol in its identity, and the experiment records the study's name."""

from __future__ import annotations

from dataclasses import replace

from toy_entries import TOY

from percae_core.evaluation.predictor_protocols import get_protocol
from percae_core.models.variants import VARIANTS
from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_core.runner.bench import prepare_plan, run_plan
from percae_core.runner.plan import BenchRequest
from percae_core.studies import STUDIES, get_study

STUDY = "toy-2023"


def test_a_study_with_the_2023_protocol_records_its_tested_predictors(
    toy_registered, tmp_path, monkeypatch
):
    protocol = get_protocol(get_study("loss-networks").predictor_protocol)
    pixel = next(v.name for v in VARIANTS.values() if not v.perceptual and not v.variational)
    toy_study = replace(
        get_study("loss-networks"),
        name=STUDY,
        datasets=(TOY.name,),
        variants=(pixel,),
        geometry="paper",  # the toy dataset has only the paper's geometry
    )
    monkeypatch.setitem(STUDIES, STUDY, toy_study)
    home = Home(tmp_path / "home").ensure()
    request = BenchRequest(study=STUDY, profile="smoke", z=(4,), epochs=1, batch_size=32)
    plan = prepare_plan(request, home)
    run_plan(plan, home)

    (cell,) = plan.cells
    assert cell.config()["predictor_protocol"] == protocol.name
    with ResultsDB.open(home.database) as db:
        records = {r["predictor"]: r for r in db.cells.result_records()}
        (experiment,) = db.cells.experiments()
    architectures = {spec.architecture for spec in protocol.specs()}
    assert records["mlp"]["architecture"] in architectures
    assert records["linear"]["architecture"] == "linear/none"
    assert records["mlp"]["val_loss"] <= records["linear"]["val_loss"], "the best of all 7"
    assert 0.0 <= records["mlp"]["value"] <= 1.0
    assert experiment["config"]["study"] == STUDY
