"""The fit settings `percae train` and every study cell share (`runner/train_one.fit_config`)."""

from __future__ import annotations

import numpy as np
import pytest

from percae_core.data.parts import DatasetParts, Split
from percae_core.early_stopping import default_patience
from percae_core.errors import UsageError
from percae_core.models.variants import get_variant
from percae_core.runner.train_one import TrainRequest, check_request, fit_config


def _parts(checksum: str, first_row: int = 0) -> DatasetParts:
    images = np.zeros((12, 3, 64, 64), dtype=np.uint8)
    rows = np.arange(first_row, first_row + 10)
    train, val = Split(images, rows[:6]), Split(images, rows[6:])
    return DatasetParts(
        dataset="toy",
        image_size=(64, 64),
        task="position",
        num_outputs=2,
        ae_train=train,
        ae_val=val,
        pred_train=train,
        pred_val=val,
        test=val,
        meta={"checksum": checksum},
    )


def _config(parts: DatasetParts, variant: str = "pae", epochs: int = 400):
    return fit_config(
        parts,
        variant=get_variant(variant),
        z=8,
        epochs=epochs,
        batch_size=16,
        gamma=0.01,
        seed=0,
        device="cpu",
        loss_net="alexnet-random",
    )


def test_patience_is_the_original_default_and_the_data_is_named():
    config = _config(_parts("abc"))
    assert config.patience == default_patience(400) == 20
    assert config.data_id.startswith("toy:abc:") and config.loss_net == "alexnet-random"


def test_other_data_gives_another_fingerprint_so_no_checkpoint_is_mixed_up():
    same = _config(_parts("abc")).fingerprint()
    assert _config(_parts("abc")).fingerprint() == same
    assert _config(_parts("other cache")).fingerprint() != same
    assert _config(_parts("abc", first_row=2)).fingerprint() != same


def test_pixel_variants_carry_no_loss_network():
    assert _config(_parts("abc"), variant="ae").loss_net is None


def test_bad_flags_are_refused_before_any_data_is_loaded(isolated_home):
    with pytest.raises(UsageError):
        check_request(TrainRequest(dataset="lunarlander", variant="pae", z=0))
    with pytest.raises(UsageError):
        check_request(TrainRequest(dataset="lunarlander", variant="pae", z=8, loss_net="nope"))
    assert not isolated_home.exists()


def test_another_distance_or_normalisation_is_another_fit_and_the_defaults_are_not():
    parts = _parts("abc")
    base = _config(parts)

    def with_settings(**kwargs: object):
        return fit_config(
            parts,
            variant=get_variant("pae"),
            z=8,
            epochs=400,
            batch_size=16,
            gamma=0.01,
            seed=0,
            device="cpu",
            loss_net="alexnet-random",
            **kwargs,
        )

    assert with_settings().fingerprint() == base.fingerprint()
    mse = with_settings(distance="mse")
    assert mse.fingerprint() != base.fingerprint()
    assert with_settings(input_norm="imagenet").fingerprint() not in (
        base.fingerprint(),
        mse.fingerprint(),
    )
    assert type(mse).from_identity(mse.identity()).fingerprint() == mse.fingerprint()


def test_bad_settings_are_refused_before_any_data_is_loaded(isolated_home):
    for settings in ({"distance": "l1"}, {"input_norm": "x"}, {"geometry": "reflect-pad"}):
        with pytest.raises(UsageError):
            check_request(TrainRequest(dataset="lunarlander", variant="pae", z=8, **settings))
    assert not isolated_home.exists()
