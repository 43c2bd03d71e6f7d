from percae_core.profiles import get_profile
from percae_core.runner.eta import estimate_seconds
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
