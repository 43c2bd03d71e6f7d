import pytest

from percae_core.errors import UsageError
from percae_core.profiles import get_profile
from percae_core.runner.plan import BenchRequest, build_cells


def cells_for(**kwargs):
    request = BenchRequest(**{"datasets": ("lunarlander",), "profile": "smoke", **kwargs})
    return build_cells(
        request, get_profile(request.profile), "alexnet-random", list(request.datasets)
    )


def test_grid_is_dataset_by_z_by_variant_by_repeat():
    cells = cells_for(z=(16, 32), repeats=2)
    assert len(cells) == 2 * 2 * 4
    assert {c.seed for c in cells} == {0}
    assert {c.repeat for c in cells} == {0, 1}
    assert [c.variant.name for c in cells[:4]] == ["ae", "vae", "pae", "pvae"]


def test_profile_latent_sizes_are_the_default():
    assert {c.z for c in cells_for(profile="paper")} == {32, 64, 128, 256}


def test_config_hash_identifies_what_changes_results():
    a, b = cells_for(variants=("ae",)), cells_for(variants=("ae",))
    assert a[0].config_hash == b[0].config_hash
    assert cells_for(variants=("ae",), seed=1)[0].config_hash != a[0].config_hash
    # a pixel AE does not depend on the loss network nor on gamma
    request = BenchRequest(datasets=("lunarlander",), profile="smoke", variants=("ae",))
    other = build_cells(request, get_profile("smoke"), "vgg16:relu2_2", ["lunarlander"])
    assert other[0].config_hash == a[0].config_hash
    assert (
        cells_for(variants=("vae",), gamma=0.001)[0].config_hash
        != cells_for(variants=("vae",))[0].config_hash
    )


def test_request_round_trips_through_a_dict():
    request = BenchRequest(datasets=("svhn",), z=(8,), variants=("pae",), repeats=3)
    assert BenchRequest.from_dict(request.to_dict()) == request


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"repeats": 0}, "repeats"),
        ({"z": (0,)}, "positive"),
        ({"epochs": 0}, "epochs"),
        ({"variants": ("xae",)}, "Unknown variant"),
        ({"precision": "fp16"}, "precision"),
    ],
)
def test_bad_requests_are_usage_errors(kwargs, message):
    from percae_core.runner.plan import requested_datasets

    with pytest.raises(UsageError, match=message):
        requested_datasets(BenchRequest(**kwargs))


def test_repeats_draw_their_randomness_from_seed_and_repeat():
    """--seed 0 --repeats 2, then --seed 1: three runs, three different random streams."""
    first = cells_for(variants=("ae",), z=(16,), repeats=2)
    second = cells_for(variants=("ae",), z=(16,), seed=1)
    run_seeds = [c.run_seed for c in [*first, *second]]
    assert len(set(run_seeds)) == 3
    assert first[0].run_seed == 0 and second[0].run_seed == 1
    assert len({c.config_hash for c in [*first, *second]}) == 3


def test_precision_is_part_of_a_cells_identity():
    request = BenchRequest(datasets=("lunarlander",), profile="smoke", variants=("ae",))
    profile = get_profile("smoke")
    fp32 = build_cells(request, profile, "none", ["lunarlander"], precision="fp32")[0]
    bf16 = build_cells(request, profile, "none", ["lunarlander"], precision="bf16")[0]
    assert fp32.config()["precision"] == "fp32" and bf16.config()["precision"] == "bf16"
    assert fp32.config_hash != bf16.config_hash
