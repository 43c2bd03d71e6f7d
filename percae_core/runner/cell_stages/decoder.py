"""`Stage.DECODER`: the trained decoder's test errors, then a fresh decoder retrained on the
frozen encoder's mu (saved with the checkpoint's SHA-256) and its test L1 recorded."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from percae_core.data.parts import DatasetParts
from percae_core.events import StageStarted
from percae_core.runner.cell_context import CellContext, RecorderT
from percae_core.runner.cell_stages.embeddings import CellEmbeddings
from percae_core.runner.cell_stages.fit import FittedAutoencoder
from percae_core.runner.plan import Cell
from percae_core.stages import Stage
from percae_core.storage.artefact import write_artefact
from percae_core.training.decoder_retrain import reconstruction_errors, retrain_decoder
from percae_core.training.speed import SpeedSettings


@dataclass(frozen=True)
class DecoderScores:
    """Test reconstruction errors: of the autoencoder's own decoder, and of the retrained one."""

    recon_l1: float
    recon_mse: float
    retrained_l1: float
    retrained_mse: float
    retrained_epochs: int


def decoder_stage(
    cell: Cell,
    cell_id: int,
    parts: DatasetParts,
    ctx: CellContext[RecorderT],
    fitted: FittedAutoencoder,
    embeddings: CellEmbeddings,
) -> DecoderScores:
    ctx.on_event(StageStarted(Stage.DECODER, cell.label))
    embed = embeddings.splits
    recon_l1, recon_mse = reconstruction_errors(
        fitted.model.decoder, embed["test"].mu, parts.test, tile=parts.tile, device=ctx.device
    )
    decoder = retrain_decoder(
        parts.image_size,
        {"train": embed["ae_train"].mu, "val": embed["ae_val"].mu, "test": embed["test"].mu},
        {"train": parts.ae_train, "val": parts.ae_val, "test": parts.test},
        tile=parts.tile,
        epochs=ctx.profile.decoder_epochs,
        batch_size=cell.batch_size,
        seed=cell.run_seed,
        device=ctx.device,
        speed=SpeedSettings(bf16=cell.precision == "bf16"),
        run=f"{cell.label} decoder",
        on_event=ctx.on_event,
        should_stop=ctx.should_stop,
    )
    state = decoder.decoder.state_dict()
    write_artefact(
        fitted.checkpoint.parent / "decoder.pt",
        lambda handle: torch.save(state, handle),
        {"checkpoint_sha256": embeddings.checkpoint_sha256, "seed": cell.run_seed},
    )
    ctx.cells.record_decoder(cell_id, decoder.test_l1, decoder.epochs_run)
    return DecoderScores(
        recon_l1=recon_l1,
        recon_mse=recon_mse,
        retrained_l1=decoder.test_l1,
        retrained_mse=decoder.test_mse,
        retrained_epochs=decoder.epochs_run,
    )
