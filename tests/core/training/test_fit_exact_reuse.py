"""Same command, same numbers: the model a finished fit hands on is bit for bit the one a resume
loads from its checkpoint, whatever layout training used (issue #13, fault 14)."""

from __future__ import annotations

import torch
from training_images import make_splits

from percae_core.data.parts import to_model_input
from percae_core.models.variants import get_variant
from percae_core.training.config import FitConfig
from percae_core.training.fit import fit_autoencoder, load_trained_autoencoder
from percae_core.training.speed import SpeedSettings


def test_a_fresh_fit_and_a_reused_fit_encode_to_the_same_bits(tmp_path) -> None:
    train, val = make_splits()
    config = FitConfig(
        variant=get_variant("ae"), z=8, epochs=2, batch_size=4, seed=3, device="cpu", data_id="t"
    )
    fitted = fit_autoencoder(
        train,
        val,
        config,
        loss_network=None,
        checkpoint=tmp_path / "checkpoint.pt",
        run="fresh",
        speed=SpeedSettings(bf16=False, channels_last=True),
    )
    reloaded, _ = load_trained_autoencoder(tmp_path / "checkpoint.pt")
    for (name, ours), theirs in zip(
        fitted.model.state_dict().items(), reloaded.state_dict().values(), strict=True
    ):
        assert ours.stride() == theirs.stride(), name
    images = to_model_input(torch.from_numpy(train.gather(slice(0, 8))), 1)
    with torch.no_grad():
        assert torch.equal(fitted.model.encode(images)[0], reloaded.encode(images)[0])
