"""The naive reference loop: how the original release trained its autoencoders.

Kept in the code base only so that `percae perf` can measure percae's training path against it
on the same machine, model, loss and number of steps. It does what the original did: the whole
split converted to float32 up front (4x the uint8 bytes), a `TensorDataset` read through a
`DataLoader(shuffle=True)` (one item at a time, then stacked), each batch moved to the device
on its own, fp32, NCHW, eager, and the perceptual target p(X) computed outside `no_grad`.
Training code of the study never calls it.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

from percae_core.models.autoencoder import ConvAutoencoder, kld
from percae_core.models.loss_networks import LossNetwork


class NaiveTrainer:
    """The original's training step and data pipeline for one autoencoder."""

    def __init__(
        self,
        images: np.ndarray,
        model: ConvAutoencoder,
        device: torch.device,
        *,
        loss_network: LossNetwork | None,
        batch_size: int,
        gamma: float = 0.01,
        lr: float = 1e-3,
        seed: int = 0,
    ) -> None:
        self.device = device
        self.model = model.to(device)
        self.loss_network = None if loss_network is None else loss_network.to(device)
        self.gamma = gamma
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=lr)
        data = torch.from_numpy(np.asarray(images)).float() / 255.0
        self.loader = DataLoader(
            TensorDataset(data),
            batch_size=batch_size,
            shuffle=True,
            generator=torch.Generator().manual_seed(seed),
        )

    def loss(self, x: torch.Tensor) -> torch.Tensor:
        reconstruction, mu, logvar = self.model(x)
        if self.loss_network is None:
            rec = F.mse_loss(reconstruction, x)
        else:
            rec = self.loss_network.distance(
                self.loss_network(reconstruction), self.loss_network(x)
            )
        if self.model.variational:
            return rec + self.gamma * kld(mu, logvar)
        return rec

    def batches(self) -> Iterator[torch.Tensor]:
        """Endless shuffled batches, a new DataLoader pass each epoch."""
        while True:
            for (x,) in self.loader:
                yield x.to(self.device)

    def step(self, x: torch.Tensor) -> float:
        self.model.train()
        self.optimizer.zero_grad()
        loss = self.loss(x)
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def train_epoch(self) -> float:
        """One pass over the data; the mean of the per-batch losses, as the original reported."""
        losses = [self.step(x.to(self.device)) for (x,) in self.loader]
        return float(np.mean(losses))

    def evaluate(self, images: np.ndarray, batch_size: int) -> float:
        """Mean fp32 loss over ``images`` (eval mode, no_grad): for comparing results only."""
        self.model.eval()
        data = torch.from_numpy(np.asarray(images)).float() / 255.0
        total = 0.0
        with torch.no_grad():
            for start in range(0, len(data), batch_size):
                x = data[start : start + batch_size].to(self.device)
                total += self.loss(x).item() * len(x)
        return total / len(data)
