"""The parts of a tracked cell that live in files, not in the database: the Fig. 6
reconstructions of a few fixed test images (the checkpoint and the retrained decoder of
``runs/<config_hash>``) and the test embeddings with their labels (the cell's cached embedding).

The test images are those Fig. 6 shows by default (`figures.fig6_data.choose_indices`, seed 0),
so a tracker's images and the figure agree. Reading never trains, renders or downloads.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from percae_core.data.parts import DatasetParts
from percae_core.figures.fig6_data import choose_indices
from percae_core.paths import Home

#: How many fixed test images a tracker shows per cell.
IMAGES = 4
_GAP = 2
_GAP_VALUE = 255


@dataclass(frozen=True)
class CellImages:
    """Test images ``indices`` and the cell's reconstructions of them (H x W x 3 uint8)."""

    indices: tuple[int, ...]
    originals: tuple[np.ndarray, ...]
    before: tuple[np.ndarray, ...]
    """By the trained autoencoder."""
    after: tuple[np.ndarray | None, ...]
    """By the decoder retrained on the frozen embedding (None without ``decoder.pt``)."""

    def grid(self) -> np.ndarray:
        """One image: a column per test image; rows: the image, the autoencoder's
        reconstruction, the retrained decoder's (left out when the cell has none), white gaps."""
        rows = [list(self.originals), list(self.before)]
        if all(image is not None for image in self.after):
            rows.append([image for image in self.after if image is not None])
        return _stack([_stack(row, axis=1) for row in rows], axis=0)


def _stack(images: list[np.ndarray], axis: int) -> np.ndarray:
    gap_shape = list(images[0].shape)
    gap_shape[axis] = _GAP
    gap = np.full(gap_shape, _GAP_VALUE, dtype=np.uint8)
    pieces: list[np.ndarray] = []
    for image in images:
        pieces += [gap, image] if pieces else [image]
    return np.concatenate(pieces, axis=axis)


@dataclass(frozen=True)
class TestEmbedding:
    """The cell's test embedding (mu, N x z) and its labels as projector metadata."""

    mu: np.ndarray
    metadata: tuple[tuple[str, ...], ...] | None
    header: tuple[str, ...] | None
    """Column names when a label has several values (LunarLander's x and y), else None."""


def load_parts(home: Home, record: dict) -> DatasetParts:
    """The cell's dataset parts, only if already prepared (DataMissingError otherwise)."""
    from percae_core.reconstructions import load_test_parts

    return load_test_parts(home, record)


def cell_images(home: Home, record: dict, parts: DatasetParts) -> CellImages:
    """The fixed test images and the cell's reconstructions of them (CheckpointError when its
    checkpoint is missing or damaged)."""
    import torch

    from percae_core.data.parts import to_image, to_model_input
    from percae_core.errors import CheckpointError
    from percae_core.reconstructions import reconstruct

    folder = home.runs / str(record["config_hash"])
    if not (folder / "checkpoint.pt").exists():
        raise CheckpointError(f"The checkpoint of {folder.name} ({folder}) is missing.")
    indices = choose_indices(len(parts.test), IMAGES, 0, None)
    originals, before, after = [], [], []
    for index in indices:
        stored = torch.from_numpy(parts.test.gather(np.array([index])))
        batch = to_model_input(stored, parts.tile)
        originals.append(to_image(batch))
        made, retrained = reconstruct(folder, batch)
        before.append(made)
        after.append(retrained)
    return CellImages(tuple(indices), tuple(originals), tuple(before), tuple(after))


def test_embedding(home: Home, record: dict, parts: DatasetParts) -> TestEmbedding:
    """The cell's cached test embedding (computed again, and cached, when missing or stale)."""
    import torch

    from percae_core.evaluation.embeddings import cached_embedding
    from percae_core.storage.checksum import file_sha256
    from percae_core.training.fit import load_trained_autoencoder

    folder = home.runs / str(record["config_hash"])
    checkpoint = folder / "checkpoint.pt"
    model, _ = load_trained_autoencoder(checkpoint, map_location="cpu")
    embedding = cached_embedding(
        folder,
        "test",
        model,
        parts.test,
        tile=parts.tile,
        device=torch.device("cpu"),
        checkpoint_sha256=file_sha256(checkpoint),
    )
    metadata, header = _metadata(parts.test.labels)
    return TestEmbedding(embedding.mu.numpy(), metadata, header)


def _metadata(
    labels: np.ndarray | None,
) -> tuple[tuple[tuple[str, ...], ...] | None, tuple[str, ...] | None]:
    if labels is None:
        return None, None
    if labels.ndim == 1:
        as_text = (lambda v: f"{v:g}") if labels.dtype.kind == "f" else str
        return tuple((as_text(value),) for value in labels), None
    header = tuple(f"target_{column}" for column in range(labels.shape[1]))
    return tuple(tuple(f"{value:g}" for value in row) for row in labels), header
