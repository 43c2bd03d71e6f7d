"""Studies as presets of the plan: pihlgren2020 cells keep the hashes they had before studies
existed, loss-networks fills in its datasets, variants, z and numbers, flags override it, and a
cell's identity has no study name in it."""

from __future__ import annotations

import pytest

from percae_core.errors import UsageError
from percae_core.models.loss_network_registry import loss_network_study_entries
from percae_core.profiles import PROFILES, get_profile
from percae_core.runner.plan import BenchRequest, build_cells, resolved_request
from percae_core.studies import DEFAULT_STUDY, get_study

#: The default smoke grid's hashes on LunarLander, taken before studies existed.
PINNED_SMOKE = {
    "ae": "ba4100e3dd7e4f1f",
    "vae": "a68d03706f188999",
    "pae": "f55643e66884b13b",
    "pvae": "6461c67f4f9d50e3",
}
#: The last cell of the default paper grid over all three datasets, before studies existed.
PINNED_PAPER_LAST = "af274279b841b8dd"


def cells(request: BenchRequest, loss_net: str | list[str] = "alexnet"):
    request = resolved_request(request)
    return build_cells(request, get_profile(request.profile), loss_net, list(request.datasets))


@pytest.mark.parametrize("study", [{}, {"study": DEFAULT_STUDY}], ids=["default", "named"])
def test_pihlgren2020_cells_keep_their_hashes(study):
    smoke = cells(BenchRequest(datasets=("lunarlander",), profile="smoke", **study))
    assert {c.variant.name: c.config_hash for c in smoke} == PINNED_SMOKE
    paper = cells(BenchRequest(datasets=("lunarlander", "svhn", "stl10"), profile="paper", **study))
    assert len(paper) == 44 and paper[-1].config_hash == PINNED_PAPER_LAST


def test_the_paper_profile_runs_pihlgren2020_at_its_own_numbers():
    assert get_study(DEFAULT_STUDY).scaled(PROFILES["paper"]) == PROFILES["paper"]


def test_loss_networks_fills_in_its_preset():
    request = resolved_request(BenchRequest(study="loss-networks", profile="smoke"))
    assert request.datasets == ("svhn", "stl10") and request.variants == ("ae", "pae")
    assert request.z == (64,) and request.gamma == 0.0
    assert request.loss_net == ",".join(loss_network_study_entries())
    assert (request.distance, request.input_norm, request.geometry) == (
        "mse",
        "none",
        "reflect-pad",
    )
    assert resolved_request(request) == request, "resolving twice changes nothing"


def test_paper_takes_the_study_s_numbers_and_smoke_keeps_its_own():
    nets = loss_network_study_entries()
    paper = cells(BenchRequest(study="loss-networks", profile="paper"), nets)
    assert {(c.epochs, c.batch_size, c.z) for c in paper} == {(50, 256, 64)}
    assert len(paper) == 2 * (1 + len(nets))
    smoke = cells(BenchRequest(study="loss-networks", profile="smoke"), nets)
    assert {(c.epochs, c.batch_size) for c in smoke} == {
        (PROFILES["smoke"].ae_epochs, PROFILES["smoke"].batch_size)
    }
    scaled = get_study("loss-networks").scaled(PROFILES["paper"])
    assert (scaled.predictor_epochs, scaled.predictor_patience) == (500, 25)


def test_explicit_values_override_the_study():
    request = BenchRequest(
        study="loss-networks", datasets=("svhn",), profile="paper", z=(32,), variants=("ae",),
        epochs=3, batch_size=16,
    )  # fmt: skip
    (cell,) = cells(request)
    assert (cell.dataset, cell.z, cell.variant.name, cell.epochs, cell.batch_size) == (
        "svhn",
        32,
        "ae",
        3,
        16,
    )


def test_a_dataset_outside_the_study_is_a_usage_error():
    with pytest.raises(UsageError) as info:
        resolved_request(BenchRequest(study="loss-networks", datasets=("lunarlander",)))
    assert "no dataset 'lunarlander'" in info.value.message and "svhn" in (info.value.hint or "")


def test_an_unknown_study_lists_the_known_ones():
    with pytest.raises(UsageError) as info:
        resolved_request(BenchRequest(study="nope"))
    assert "pihlgren2020" in (info.value.hint or "") and "loss-networks" in (info.value.hint or "")


def test_identity_changes_with_the_predictor_protocol_not_the_study_name():
    request = BenchRequest(
        study="loss-networks", datasets=("svhn",), profile="smoke", variants=("pae",)
    )
    (study_cell,) = cells(request, "alexnet")
    assert "study" not in study_cell.config()
    assert study_cell.config()["predictor_protocol"] == "loss-networks2023"
    by_hand = cells(
        BenchRequest(
            datasets=("svhn",),
            profile="smoke",
            variants=("pae",),
            z=(64,),
            gamma=0.0,
            distance="mse",
            input_norm="none",
            geometry="reflect-pad",
        ),  # fmt: skip
        "alexnet",
    )[0]
    assert "predictor_protocol" not in by_hand.config()
    assert by_hand.config_hash != study_cell.config_hash
    without_protocol = {k: v for k, v in study_cell.config().items() if k != "predictor_protocol"}
    assert without_protocol == by_hand.config(), (
        "with the same loss settings only the protocol tells them apart"
    )
