"""Embeddings: mu (and logvar) of a trained encoder on a split, computed once and cached.

Cached as plain `.npy` files in the cell's run folder, keyed by split name, and written
atomically, so a resumed study reuses them instead of running the encoder again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from percae_core.data.parts import Split, to_model_input
from percae_core.models.autoencoder import ConvAutoencoder


@dataclass
class Embedding:
    mu: torch.Tensor
    logvar: torch.Tensor


@torch.no_grad()
def encode_split(
    model: ConvAutoencoder, split: Split, *, tile: int, device: torch.device, batch_size: int = 512
) -> Embedding:
    """mu and logvar of every image of ``split``, in split order, as float32 CPU tensors."""
    model.eval()
    mus: list[torch.Tensor] = []
    logvars: list[torch.Tensor] = []
    for start in range(0, len(split), batch_size):
        rows = slice(start, min(start + batch_size, len(split)))
        batch = torch.from_numpy(split.gather(rows)).to(device)
        mu, logvar = model.encode(to_model_input(batch, tile))
        mus.append(mu.float().cpu())
        logvars.append(logvar.float().cpu())
    z = model.z
    empty = torch.empty(0, z)
    return Embedding(
        mu=torch.cat(mus) if mus else empty, logvar=torch.cat(logvars) if logvars else empty
    )


def _save_atomic(path: Path, array: np.ndarray) -> None:
    partial = path.with_name(path.name + f".partial-{os.getpid()}.npy")
    np.save(partial, array, allow_pickle=False)
    os.replace(partial, path)


def cached_embedding(
    folder: Path,
    name: str,
    model: ConvAutoencoder,
    split: Split,
    *,
    tile: int,
    device: torch.device,
) -> Embedding:
    """The embedding of ``split`` from ``folder`` if cached with the right length, else computed and cached."""
    mu_path = folder / f"embedding-{name}-mu.npy"
    logvar_path = folder / f"embedding-{name}-logvar.npy"
    if mu_path.is_file() and logvar_path.is_file():
        try:
            mu = np.load(mu_path, allow_pickle=False)
            logvar = np.load(logvar_path, allow_pickle=False)
            if mu.shape == (len(split), model.z) and logvar.shape == mu.shape:
                return Embedding(torch.from_numpy(mu), torch.from_numpy(logvar))
        except (OSError, ValueError):
            pass
    embedding = encode_split(model, split, tile=tile, device=device)
    folder.mkdir(parents=True, exist_ok=True)
    _save_atomic(mu_path, embedding.mu.numpy())
    _save_atomic(logvar_path, embedding.logvar.numpy())
    return embedding
