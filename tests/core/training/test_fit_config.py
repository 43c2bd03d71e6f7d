"""FitConfig: bad values are usage errors; the fingerprint names exactly what changes a result."""

from __future__ import annotations

import pytest

from percae_core.errors import UsageError
from percae_core.training.config import FitConfig


@pytest.mark.parametrize(
    "field, value, flag",
    [
        ("z", 0, "--z"),
        ("epochs", -1, "--epochs"),
        ("batch_size", 0, "--batch-size"),
    ],
)
def test_non_positive_sizes_are_usage_errors(field, value, flag):
    with pytest.raises(UsageError) as info:
        FitConfig(**{"variant": "ae", "z": 8, field: value})
    assert flag in info.value.hint


def test_unknown_variant_and_loss_network_list_the_valid_ones():
    with pytest.raises(UsageError, match="Unknown variant") as info:
        FitConfig(variant="gan", z=8)
    assert "ae, vae, pae, pvae" in info.value.hint
    with pytest.raises(UsageError, match="Unknown loss network") as info:
        FitConfig(variant="pae", z=8, loss_net="vgg99")
    assert "alexnet-random" in info.value.hint
    with pytest.raises(UsageError, match="needs a loss network"):
        FitConfig(variant="pae", z=8)


def test_patience_defaults_to_the_original_rule():
    assert FitConfig(variant="ae", z=8, epochs=50).patience == 10
    assert FitConfig(variant="ae", z=8, epochs=400).patience == 20


def test_fingerprint_ignores_settings_that_do_not_change_the_result():
    base = FitConfig(variant="ae", z=32, loss_net=None)
    assert (
        base.fingerprint() == FitConfig(variant="ae", z=32, gamma=0.5, device="cpu").fingerprint()
    )
    assert base.fingerprint() == FitConfig(variant="ae", z=32, loss_net="alexnet").fingerprint()
    perceptual = FitConfig(variant="pae", z=32, loss_net="alexnet")
    assert (
        perceptual.fingerprint()
        == FitConfig(variant="pae", z=32, loss_net="alexnet:relu2").fingerprint()
    )


@pytest.mark.parametrize(
    "change",
    [
        {"z": 64},
        {"seed": 1},
        {"epochs": 10},
        {"batch_size": 128},
        {"data_id": "other"},
        {"variant": "vae"},
    ],
)
def test_fingerprint_changes_with_the_result(change):
    base = dict(variant="ae", z=32)
    assert FitConfig(**base).fingerprint() != FitConfig(**{**base, **change}).fingerprint()


def test_identity_round_trips():
    config = FitConfig(
        variant="pvae", z=16, loss_net="alexnet-random", gamma=0.1, seed=4, data_id="d"
    )
    assert FitConfig.from_identity(config.identity()) == config
