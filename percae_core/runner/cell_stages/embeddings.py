"""`Stage.EMBEDDINGS`: mu (and logvar) of every split, cached in the run folder with the
checkpoint's SHA-256, so a stale or damaged file is computed again, never used."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from percae_core.data.parts import DatasetParts
from percae_core.evaluation.embeddings import Embedding, cached_embedding
from percae_core.events import StageStarted
from percae_core.models.autoencoder import ConvAutoencoder
from percae_core.runner.cell_context import CellContext, RecorderT
from percae_core.runner.plan import Cell
from percae_core.stages import Stage
from percae_core.storage.checksum import file_sha256


@dataclass(frozen=True)
class CellEmbeddings:
    """Each split's embedding by split name (`DatasetParts.splits`), and the checkpoint they
    were made from."""

    splits: Mapping[str, Embedding]
    checkpoint_sha256: str


def embeddings_stage(
    cell: Cell,
    parts: DatasetParts,
    ctx: CellContext[RecorderT],
    model: ConvAutoencoder,
    checkpoint: Path,
) -> CellEmbeddings:
    ctx.on_event(StageStarted(Stage.EMBEDDINGS, cell.label))
    checkpoint_sha256 = file_sha256(checkpoint)
    splits = {
        name: cached_embedding(
            checkpoint.parent,
            name,
            model,
            split,
            tile=parts.tile,
            device=ctx.device,
            checkpoint_sha256=checkpoint_sha256,
            on_event=ctx.on_event,
        )
        for name, split in parts.splits().items()
    }
    return CellEmbeddings(splits=splits, checkpoint_sha256=checkpoint_sha256)
