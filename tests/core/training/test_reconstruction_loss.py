"""The objective: pixel or perceptual MSE, plus gamma x KLD for VAEs, parts kept apart."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
import torchvision

from percae_core.errors import UsageError
from percae_core.models.autoencoder import kld
from percae_core.models.variants import get_variant
from percae_core.training.reconstruction_loss import ReconstructionLoss


def batch():
    generator = torch.Generator().manual_seed(0)
    x = torch.rand(2, 3, 64, 64, generator=generator)
    recon = torch.rand(2, 3, 64, 64, generator=generator)
    mu, logvar = torch.randn(2, 4, generator=generator), torch.randn(2, 4, generator=generator)
    return recon, x, mu, logvar


def test_pixel_ae_is_plain_mse():
    recon, x, mu, logvar = batch()
    parts = ReconstructionLoss(get_variant("ae"), 0.01, None)(recon, x, mu, logvar)
    assert torch.allclose(parts.total, F.mse_loss(recon, x)) and parts.kld == 0


def test_vae_adds_gamma_times_kld():
    recon, x, mu, logvar = batch()
    parts = ReconstructionLoss(get_variant("vae"), 0.5, None)(recon, x, mu, logvar)
    assert torch.allclose(parts.kld, kld(mu, logvar))
    assert torch.allclose(parts.total, F.mse_loss(recon, x) + 0.5 * kld(mu, logvar))


def test_perceptual_loss_compares_features_and_reaches_the_reconstruction(random_alexnet):
    recon, x, mu, logvar = batch()
    recon.requires_grad_(True)
    parts = ReconstructionLoss(get_variant("pae"), 0.01, random_alexnet)(recon, x, mu, logvar)
    with torch.no_grad():
        expected = random_alexnet.distance(random_alexnet(recon), random_alexnet(x))
    assert torch.allclose(parts.rec, expected)
    parts.total.backward()
    assert recon.grad is not None and recon.grad.abs().sum() > 0
    assert all(p.grad is None for p in random_alexnet.parameters())


def test_alexnet_loss_is_the_original_formula_to_the_last_digit(random_alexnet):
    """The paper's networks kept their numbers when networks got distances of their own."""
    recon, x, mu, logvar = batch()
    parts = ReconstructionLoss(get_variant("pvae"), 0.01, random_alexnet)(recon, x, mu, logvar)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        trunk = torchvision.models.alexnet(weights=None).features[:5].eval()
    with torch.no_grad():
        wanted = torch.sigmoid(trunk(x)).flatten(1)
        original = F.mse_loss(torch.sigmoid(trunk(recon)).flatten(1).float(), wanted.float())
    assert torch.equal(parts.rec.detach(), original)
    assert torch.equal(parts.total.detach(), original + 0.01 * kld(mu, logvar))


def test_perceptual_variant_without_network_is_refused():
    with pytest.raises(UsageError, match="no loss network"):
        ReconstructionLoss(get_variant("pvae"), 0.01, None)
