"""What a fit says when it diverges or is interrupted: only flags that exist, and the cause."""

from __future__ import annotations

from percae_core.training.config import FitConfig
from percae_core.training.fit_session import diverged_error


def _config(variant: str, gamma: float) -> FitConfig:
    return FitConfig(
        variant=variant, z=8, epochs=1, batch_size=8, seed=1, device="cpu", data_id="t", gamma=gamma
    )


def test_divergence_names_a_huge_gamma_and_only_flags_that_exist() -> None:
    error = diverged_error("vae z8", float("nan"), 1, _config("vae", 500.0))
    assert "--gamma 500" in error.message
    text = str(error)
    assert "learning rate" not in text and "--restart" not in text
    assert "--seed" in text


def test_divergence_of_a_plain_autoencoder_blames_no_gamma() -> None:
    error = diverged_error("ae z8", float("inf"), 2, _config("ae", 500.0))
    assert "--gamma 500" not in error.message and "epoch 2" in error.message
