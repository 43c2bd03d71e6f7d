"""The paper's convolutional (variational) autoencoder (Fig. 4; exact layers from its code).

Encoder: four 4x4 stride-2 convolutions (32, 64, 128, 256 channels, no padding) with BatchNorm
and ReLU, then two linear heads for mu and logvar. Decoder: a linear layer to 1024 x g(H) x g(W)
with g(s) = (s - 64) / 16 + 1, then four stride-2 transposed convolutions (kernels 5, 5, 6, 6)
back to 3 x H x W through a sigmoid. Works for H, W = 64 + 16n.
"""

from __future__ import annotations

import torch
from torch import nn

from percae_core.errors import UsageError
from percae_core.models.image_size import ImageSize, image_size


def check_input_size(height: int, width: int) -> None:
    for side in (height, width):
        if side < 64 or (side - 64) % 16:
            raise UsageError(
                f"The autoencoder takes images whose sides are 64 + 16n pixels (64, 80, 96, ...); "
                f"got {height}x{width}.",
                hint="Resize the images to 64x64 or 96x96, the sizes the paper uses.",
            )


def _grid(side: int) -> int:
    """The decoder's starting grid g(s) = (s - 64) / 16 + 1."""
    return (side - 64) // 16 + 1


def _encoded(side: int) -> int:
    """Side of the encoder's last feature map after four 4x4 stride-2 valid convolutions."""
    for _ in range(4):
        side = (side - 4) // 2 + 1
    return side


class ConvEncoder(nn.Module):
    def __init__(self, input_size: ImageSize, z: int) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        channels = [3, 32, 64, 128, 256]
        for c_in, c_out in zip(channels, channels[1:]):
            layers += [nn.Conv2d(c_in, c_out, 4, stride=2), nn.BatchNorm2d(c_out), nn.ReLU()]
        self.features = nn.Sequential(*layers, nn.Flatten())
        height, width = input_size
        flat = 256 * _encoded(height) * _encoded(width)
        self.mu = nn.Linear(flat, z)
        self.logvar = nn.Linear(flat, z)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.features(x)
        return self.mu(h), self.logvar(h)


class ConvDecoder(nn.Module):
    def __init__(self, input_size: ImageSize, z: int) -> None:
        super().__init__()
        self.grid = (_grid(input_size[0]), _grid(input_size[1]))
        self.project = nn.Sequential(nn.Linear(z, 1024 * self.grid[0] * self.grid[1]), nn.ReLU())
        spec = [(1024, 128, 5), (128, 64, 5), (64, 32, 6)]
        layers: list[nn.Module] = []
        for c_in, c_out, kernel in spec:
            layers += [
                nn.ConvTranspose2d(c_in, c_out, kernel, stride=2),
                nn.BatchNorm2d(c_out),
                nn.ReLU(),
            ]
        layers += [nn.ConvTranspose2d(32, 3, 6, stride=2), nn.Sigmoid()]
        self.layers = nn.Sequential(*layers)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        h = self.project(z).view(z.shape[0], 1024, *self.grid)
        return self.layers(h)


class ConvAutoencoder(nn.Module):
    """AE when ``variational`` is False (z = mu), VAE otherwise (sampled z while training)."""

    def __init__(
        self, input_size: ImageSize, z: int, variational: bool, *, check_memory: bool = True
    ) -> None:
        super().__init__()
        check_input_size(*input_size)
        size = image_size(input_size)
        if z <= 0:
            raise UsageError(f"The latent size must be a positive integer; got {z}.")
        if check_memory:
            from percae_core.models.model_size import check_model_memory

            check_model_memory(size, z)
        self.input_size = size
        self.z = z
        self.variational = variational
        self.encoder = ConvEncoder(input_size, z)
        self.decoder = ConvDecoder(input_size, z)

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """mu and logvar of a batch in [0, 1]; mu is the embedding handed to predictors."""
        return self.encoder(x)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(reconstruction, mu, logvar)."""
        mu, logvar = self.encoder(x)
        if self.variational and self.training:
            latent = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        else:
            latent = mu
        return self.decoder(latent), mu, logvar


def kld(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """The paper's KL term: -mean(1 + logvar - mu^2 - exp(logvar)) (a mean, not a sum)."""
    return -torch.mean(1 + logvar - mu.pow(2) - logvar.exp())
