"""Cell hashes made before the distance, input-normalisation and geometry settings existed stay
the same: a finished study's cells are found again (the hashes were printed before the change)."""

import pytest

from percae_core.profiles import get_profile
from percae_core.runner.plan import BenchRequest, build_cells

SVHN_QUICK_SEED_3 = {
    "ae": "f7673bec6227a4a1",
    "vae": "6a2dc3a0e7a37b3c",
    "pae": "0952a58452bc7de3",
    "pvae": "e8bdefceddebaa39",
}
LUNARLANDER_EXACT_SWEEP = {
    ("pae", "alexnet"): "4896fa07618d81a8",
    ("pae", "lpips"): "51bbd4ad286aa4a6",
    ("pvae", "lpips"): "92c082edc30502a8",
}


@pytest.mark.parametrize("variant", list(SVHN_QUICK_SEED_3))
def test_paper_setting_hashes_are_unchanged(variant):
    request = BenchRequest(datasets=("svhn",), seed=3)
    cells = build_cells(request, get_profile("quick"), "alexnet", ["svhn"])
    by_variant = {c.variant.name: c for c in cells if c.z == 64}
    assert by_variant[variant].config_hash == SVHN_QUICK_SEED_3[variant]


def test_sweep_and_onscreen_hashes_are_unchanged():
    request = BenchRequest(datasets=("lunarlander",), onscreen="exact")
    cells = build_cells(request, get_profile("quick"), ["alexnet", "lpips"], ["lunarlander"])
    found = {(c.variant.name, c.loss_net): c.config_hash for c in cells if c.z == 32}
    for key, expected in LUNARLANDER_EXACT_SWEEP.items():
        assert found[key] == expected
