import pytest

from percae_core.data.catalog import describe, list_datasets
from percae_core.profiles import get_profile, list_profiles
from percae_core.runner.eta import ae_train_images, estimate_seconds
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
    assert 5 * 60 < seconds < 20 * 60


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
