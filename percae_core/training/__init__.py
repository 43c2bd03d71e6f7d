"""Autoencoder training: the fit loop, its configuration, checkpoints, devices and batches."""

from percae_core.training.config import FitConfig, default_patience
from percae_core.training.fit import FitResult, fit_autoencoder, load_trained_autoencoder

__all__ = [
    "FitConfig",
    "FitResult",
    "default_patience",
    "fit_autoencoder",
    "load_trained_autoencoder",
]
