"""Embeddings: mu (and logvar) of a trained encoder on a split, computed once and cached.

Cached as plain `.npy` files in the cell's run folder, keyed by split name, written atomically
with a checksum record naming the checkpoint they were computed from, so a resumed study reuses
them instead of running the encoder again, and never reuses a damaged, altered or stale one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from percae_core.data.parts import Split, to_model_input
from percae_core.events import EventSink, Notice, ignore_events
from percae_core.models.autoencoder import ConvAutoencoder
from percae_core.storage.artefact import artefact_problem, write_artefact


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


def _load(path: Path, expected: tuple[int, int], produced_by: dict[str, Any]) -> np.ndarray | str:
    """The cached array, or why it cannot be used."""
    problem = artefact_problem(path, produced_by)
    if problem is not None:
        return problem
    try:
        array = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        return f"{path.name} cannot be read ({exc})"
    if array.shape != expected:
        return f"{path.name} holds {array.shape}, expected {expected}"
    return array


def cached_embedding(
    folder: Path,
    name: str,
    model: ConvAutoencoder,
    split: Split,
    *,
    tile: int,
    device: torch.device,
    checkpoint_sha256: str,
    on_event: EventSink = ignore_events,
) -> Embedding:
    """The embedding of ``split`` from ``folder`` when its files are intact and were made from
    this checkpoint (``checkpoint_sha256``), else computed again (with a notice) and cached."""
    paths = {part: folder / f"embedding-{name}-{part}.npy" for part in ("mu", "logvar")}
    produced_by = {"checkpoint_sha256": checkpoint_sha256, "split": name, "rows": len(split)}
    present = [path for path in paths.values() if path.exists()]
    if present:
        loaded = {
            part: _load(path, (len(split), model.z), produced_by) for part, path in paths.items()
        }
        problems = [value for value in loaded.values() if isinstance(value, str)]
        if not problems:
            return Embedding(torch.from_numpy(loaded["mu"]), torch.from_numpy(loaded["logvar"]))
        on_event(
            Notice(
                "warning",
                f"The cached {name} embedding in {folder} is not usable ({problems[0]}); "
                "computing it again.",
            )
        )
    embedding = encode_split(model, split, tile=tile, device=device)
    folder.mkdir(parents=True, exist_ok=True)
    for part, tensor in (("mu", embedding.mu), ("logvar", embedding.logvar)):
        array = tensor.numpy()
        write_artefact(
            paths[part], functools.partial(np.save, arr=array, allow_pickle=False), produced_by
        )
    return embedding
