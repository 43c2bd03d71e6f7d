"""The autoencoders' training objective: reconstruction error plus, for VAEs, gamma x KLD.

Pixel variants compare images element-wise (MSE); perceptual variants compare the features of a
frozen loss network with that network's own distance (the paper's: MSE on the flattened sigmoid
features p(X) and p(X^); LPIPS for `lpips`), the target's features computed without gradients. The two parts are returned separately
because their scales differ by orders of magnitude (a perceptual error near 1e-5 next to a KLD
weighted 0.01 is how a P. VAE's latent collapses), and users need to see both.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from percae_core.errors import UsageError
from percae_core.models.autoencoder import kld
from percae_core.models.loss_networks import LossNetwork
from percae_core.models.variants import Variant


@dataclass
class LossParts:
    """``total`` = ``rec`` + gamma x ``kld`` (``kld`` is zero for plain autoencoders)."""

    total: torch.Tensor
    rec: torch.Tensor
    kld: torch.Tensor


def freeze(network: LossNetwork) -> LossNetwork:
    """Eval mode and no parameter gradients: the loss network is a fixed measuring instrument."""
    network.eval()
    for parameter in network.parameters():
        parameter.requires_grad_(False)
    return network


class ReconstructionLoss:
    """Callable ``(reconstruction, target, mu, logvar) -> LossParts`` for one variant."""

    def __init__(self, variant: Variant, gamma: float, loss_network: LossNetwork | None) -> None:
        if variant.perceptual and loss_network is None:
            raise UsageError(
                f"The {variant.title} variant trains with a perceptual loss, but no loss network "
                "was given.",
                hint="Pass a loss network (e.g. --loss-net alexnet or alexnet-random).",
            )
        self.variant = variant
        self.gamma = float(gamma)
        self.loss_network = freeze(loss_network) if variant.perceptual and loss_network else None

    def reconstruction(self, reconstruction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        if self.loss_network is None:
            return F.mse_loss(reconstruction.float(), target.float())
        with torch.no_grad():
            wanted = self.loss_network(target)
        return self.loss_network.distance(self.loss_network(reconstruction), wanted)

    def __call__(
        self,
        reconstruction: torch.Tensor,
        target: torch.Tensor,
        mu: torch.Tensor,
        logvar: torch.Tensor,
    ) -> LossParts:
        rec = self.reconstruction(reconstruction, target)
        if self.variant.variational:
            divergence = kld(mu.float(), logvar.float())
            return LossParts(rec + self.gamma * divergence, rec, divergence)
        return LossParts(rec, rec, torch.zeros((), device=rec.device))
