"""`percae bench --plan [--json]` and `--study`: the cells a command would run, nothing computed
or written, JSON alone on stdout, unknown studies refused."""

from __future__ import annotations

import json

import pytest

from percae_core.models.loss_network_registry import loss_network_study_entries
from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_core.studies import list_studies
from tests.cli_invocation import run_cli

PINNED_SMOKE_AE = "ba4100e3dd7e4f1f"  # tests/core/runner/test_plan_studies.py


def plan_json(capsys, *args: str) -> dict:
    code, out, err = run_cli(capsys, "bench", *args, "--plan", "--json")
    assert code == 0, err
    return json.loads(out)  # nothing but the JSON object on stdout


@pytest.mark.parametrize("repeats", [1, 2])
def test_loss_networks_plan_lists_its_grid(capsys, isolated_home, repeats):
    nets = loss_network_study_entries()
    plan = plan_json(
        capsys, "--study", "loss-networks", "--dataset", "svhn", "--profile", "smoke",
        "--repeats", str(repeats),
    )  # fmt: skip
    assert (plan["study"], plan["profile"]) == ("loss-networks", "smoke")
    assert len(plan["cells"]) == 1 * (1 + len(nets)) * repeats
    perceptual = [c for c in plan["cells"] if c["variant"] == "pae"]
    assert sorted({c["loss_net"] for c in perceptual}) == sorted(nets)
    assert {c["z"] for c in plan["cells"]} == {64}
    assert {c["loss_net"] for c in plan["cells"] if c["variant"] == "ae"} == {None}
    assert len({c["config_hash"] for c in plan["cells"]}) == len(plan["cells"])
    assert plan["eta_seconds"] > 0
    assert {"dataset", "svhn"} <= {v for m in plan["missing"] for v in (m["kind"], m["name"])}
    assert not any(c["ready"] for c in plan["cells"]), "SVHN is not prepared in a fresh home"
    assert not isolated_home.exists(), "--plan wrote nothing, not even the home folder"


def test_both_datasets_by_default(capsys, isolated_home):
    plan = plan_json(capsys, "--study", "loss-networks", "--profile", "paper")
    nets = loss_network_study_entries()
    assert len(plan["cells"]) == 2 * (1 + len(nets))
    assert {(c["epochs"], c["batch_size"]) for c in plan["cells"]} == {(50, 256)}
    assert {c["predictor_protocol"] for c in plan["cells"]} == {"loss-networks2023"}


@pytest.mark.skipif(
    len(loss_network_study_entries()) != 56,
    reason="needs the 14 architectures x 4 layers of the loss-network registry",
)
def test_the_2023_grid_is_14_architectures_by_4_layers(capsys, isolated_home):
    plan = plan_json(capsys, "--study", "loss-networks", "--dataset", "svhn", "--profile", "smoke")
    nets = {c["loss_net"] for c in plan["cells"] if c["variant"] == "pae"}
    assert len(nets) == 56 and len({net.split(":")[0] for net in nets}) == 14


def test_pihlgren2020_plan_keeps_today_s_cells(capsys, isolated_home):
    # fp32 named: `auto` is bf16 on a CPU with AMX or AVX512-BF16, and precision is in the hash
    plan = plan_json(
        capsys, "--dataset", "lunarlander", "--profile", "smoke", "--precision", "fp32"
    )
    assert plan["study"] == "pihlgren2020"
    assert [c["variant"] for c in plan["cells"]] == ["ae", "vae", "pae", "pvae"]
    assert plan["cells"][0]["config_hash"] == PINNED_SMOKE_AE
    # offline, smoke runs the default network's random twin, as `percae bench` would
    assert {c["loss_net"] for c in plan["cells"][2:]} == {"alexnet-random"}
    assert all(c["ready"] for c in plan["cells"]), "LunarLander renders itself"
    assert not isolated_home.exists()


def test_the_plan_table_lists_every_cell_and_what_is_missing(capsys, isolated_home):
    two = ",".join(loss_network_study_entries()[:2])  # a short plan lists every cell
    code, out, err = run_cli(
        capsys, "bench", "--study", "loss-networks", "--dataset", "stl10", "--profile", "smoke",
        "--loss-net", two, "--plan",
    )  # fmt: skip
    assert code == 0 and out == ""
    assert "Study plan (nothing is computed)" in err and "loss-networks" in err
    assert f"stl10 z=64 P. AE [{loss_network_study_entries()[0]}]" in err
    assert "missing dataset stl10" in err and "ETA" in err
    assert not isolated_home.exists()


def test_an_unknown_study_exits_2_naming_the_known_ones(capsys, isolated_home):
    code, _, err = run_cli(capsys, "bench", "--study", "nope", "--plan")
    assert code == 2 and "Unknown study 'nope'" in err
    assert all(name in err for name in list_studies())


def test_a_dataset_outside_the_study_exits_2(capsys, isolated_home):
    code, _, err = run_cli(capsys, "bench", "--study", "loss-networks", "-d", "lunarlander")
    assert code == 2 and "no dataset 'lunarlander'" in err
    assert not isolated_home.exists(), "refused before the home was made"


def test_json_needs_plan(capsys, isolated_home):
    code, _, err = run_cli(capsys, "bench", "--json")
    assert code == 2 and "--plan" in err


def test_help_lists_the_studies(capsys):
    code, out, _ = run_cli(capsys, "bench", "--help")
    assert code == 0 and all(name in out for name in list_studies())


def test_plan_leaves_an_existing_home_as_it_was(capsys, isolated_home):
    home = Home(isolated_home).ensure()
    with ResultsDB.open(home.database) as db:
        db.cells.create_experiment({"note": "an earlier study"})

    def files() -> dict:
        return {p: p.read_bytes() for p in sorted(isolated_home.rglob("*")) if p.is_file()}

    before = files()
    plan = plan_json(capsys, "--dataset", "lunarlander", "--profile", "smoke")
    assert len(plan["cells"]) == 4
    assert files() == before, "no row, file or folder was written"
    with ResultsDB.open(home.database) as db:
        assert len(db.cells.experiments()) == 1 and db.cells.all() == []
