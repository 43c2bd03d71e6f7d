"""The paper's convolutional (V)AE: shapes, input checks, latent sampling, and that it learns."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from percae_core.errors import UsageError
from percae_core.models.autoencoder import ConvAutoencoder, kld
from percae_core.models.loss_networks import build_loss_network
from percae_core.models.variants import DEFAULT_GAMMA, VARIANTS, list_variants


def _model(
    side: int = 64, z: int = 16, variational: bool = False, seed: int = 0
) -> ConvAutoencoder:
    torch.manual_seed(seed)
    return ConvAutoencoder((side, side), z, variational)


def _smooth_images(n: int, side: int, seed: int = 0) -> torch.Tensor:
    """Images with large-scale structure (upsampled noise), learnable in a few steps."""
    coarse = torch.rand(n, 3, 4, 4, generator=torch.Generator().manual_seed(seed))
    return F.interpolate(coarse, size=(side, side), mode="bilinear", align_corners=False)


@pytest.mark.parametrize("side", [64, 96])
@pytest.mark.parametrize("variational", [False, True])
def test_output_shapes(side, variational):
    model = _model(side, z=24, variational=variational)
    recon, mu, logvar = model(_smooth_images(2, side))
    assert recon.shape == (2, 3, side, side)
    assert mu.shape == logvar.shape == (2, 24)
    assert recon.min() >= 0 and recon.max() <= 1
    assert model.encode(_smooth_images(2, side))[0].shape == (2, 24)


def test_non_square_sizes_of_the_form_64_plus_16n_work():
    model = ConvAutoencoder((64, 96), 8, False)
    recon, _, _ = model(torch.rand(2, 3, 64, 96, generator=torch.Generator().manual_seed(0)))
    assert recon.shape == (2, 3, 64, 96)


@pytest.mark.parametrize("size", [(32, 32), (70, 64), (64, 72), (48, 48)])
def test_other_sizes_are_rejected_with_a_clear_message(size):
    with pytest.raises(UsageError) as info:
        ConvAutoencoder(size, 16, False)
    assert "64 + 16n" in str(info.value) and f"{size[0]}x{size[1]}" in str(info.value)
    assert "64x64 or 96x96" in str(info.value)


@pytest.mark.parametrize("z", [0, -4])
def test_non_positive_latent_size_is_rejected(z):
    with pytest.raises(UsageError, match="latent size"):
        ConvAutoencoder((64, 64), z, False)


def test_ae_uses_mu_as_the_latent_even_while_training():
    model = _model(variational=False).train()
    x = _smooth_images(4, 64)
    first, mu, _ = model(x)
    second, _, _ = model(x)
    assert torch.equal(first, second)
    assert torch.equal(first, model.decoder(mu))


def test_vae_samples_only_while_training():
    model = _model(variational=True)
    x = _smooth_images(4, 64)
    model.train()
    first, mu, _ = model(x)
    second, _, _ = model(x)
    assert not torch.allclose(first, second)
    model.eval()
    evaluated, mu_eval, _ = model(x)
    assert torch.equal(evaluated, model(x)[0])
    assert torch.equal(evaluated, model.decoder(mu_eval))


def test_kld_is_zero_for_the_prior_and_positive_otherwise():
    zeros = torch.zeros(3, 5)
    assert kld(zeros, zeros).item() == 0
    assert kld(torch.ones(3, 5), zeros).item() > 0


@pytest.mark.parametrize("variant_name", list_variants())
def test_each_variant_learns_a_fixed_batch(variant_name):
    """20 Adam steps cut the reconstruction term (pixel, or perceptual with alexnet-random).

    The reconstruction term is checked on its own: in a perceptual VAE the KLD term is ~30x
    larger and would hide a reconstruction that does not improve.
    """
    variant = VARIANTS[variant_name]
    model = _model(z=16, variational=variant.variational, seed=1).train()
    network = build_loss_network("alexnet-random", seed=0) if variant.perceptual else None
    x = _smooth_images(4, 64, seed=2)
    optimizer = torch.optim.Adam(model.parameters())
    torch.manual_seed(3)
    totals, reconstructions = [], []
    for _ in range(20):
        recon, mu, logvar = model(x)
        rec = (
            F.mse_loss(recon, x)
            if network is None
            else network.distance(network(recon), network(x))
        )
        loss = rec + DEFAULT_GAMMA * kld(mu, logvar) if variant.variational else rec
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        totals.append(loss.item())
        reconstructions.append(rec.item())

    def first_and_last(values: list[float]) -> tuple[float, float]:
        return sum(values[:3]) / 3, sum(values[-3:]) / 3

    first, last = first_and_last(reconstructions)
    assert last < 0.8 * first, reconstructions
    first, last = first_and_last(totals)
    assert last < first, totals
