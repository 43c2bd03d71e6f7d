"""What a fit leaves behind: its result, the state carried through checkpoints, and reading a
finished fit back without training.

A checkpoint is a dict of tensors and plain values (`checkpoint.py` writes and reads it); this
file decides what goes in it: an unfinished fit keeps everything the next epoch depends on, a
finished one only its best weights, history and summary.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from percae_core.data.parts import Split
from percae_core.errors import CheckpointError
from percae_core.models.autoencoder import ConvAutoencoder
from percae_core.training.checkpoint import check_configuration, read_checkpoint
from percae_core.training.config import FitConfig


@dataclass
class FitResult:
    """A finished fit; ``model`` holds the best-validation weights, in eval mode.

    ``resumed``: this call went on from (or reused) a checkpoint; ``reused``: the checkpoint was
    already finished and nothing was trained. ``seconds`` sums every session's epochs;
    ``final_rec`` / ``final_kld`` are the best epoch's validation loss parts.
    """

    model: ConvAutoencoder
    config: FitConfig
    checkpoint: Path
    epochs_run: int
    best_epoch: int
    best_val_loss: float
    seconds: float
    seconds_per_epoch: list[float]
    images_per_s: float
    history: list[dict[str, float]]
    final_rec: float
    final_kld: float
    device: str
    stopped_early: bool
    resumed: bool
    reused: bool = False
    speed_path: str = ""
    """How this session trained (`SpeedPlan.describe()`: precision, layout, compile, optimiser);
    empty when a finished fit was reused and nothing was trained."""
    #: The training precision used (fp32 or bf16); None for fits saved before it was recorded.
    precision: str | None = None
    #: torch's intra-op thread count while this fit trained; None for fits saved before it was recorded.
    torch_threads: int | None = None
    #: Process CPU seconds (time.process_time) summed over every session's epochs, like ``seconds``.
    cpu_seconds: float | None = None


@dataclass
class FitProgress:
    """What the loop carries from one epoch to the next (and through a checkpoint)."""

    epoch: int = 0
    best_epoch: int = 0
    best_val_loss: float = math.inf
    bad_epochs: int = 0
    stopped_early: bool = False
    history: list[dict[str, float]] = field(default_factory=list)
    best_model: dict[str, torch.Tensor] = field(default_factory=dict)

    @classmethod
    def from_checkpoint(cls, saved: dict[str, Any]) -> FitProgress:
        return cls(
            epoch=int(saved["epoch"]),
            best_epoch=int(saved["best_epoch"]),
            best_val_loss=float(saved["best_val_loss"]),
            bad_epochs=int(saved["bad_epochs"]),
            stopped_early=bool(saved["stopped_early"]),
            history=[dict(row) for row in saved["history"]],
            best_model=saved["best_model"],
        )


def data_signature(train: Split, val: Split) -> dict[str, Any]:
    """Which images a fit uses: sizes, image shape and a hash of the row indices."""
    digest = hashlib.sha256()
    for split in (train, val):
        digest.update(torch.as_tensor(split.indices).to(torch.int64).numpy().tobytes())
    return {
        "train": len(train),
        "val": len(val),
        "shape": list(train.images.shape[1:]),
        "rows": digest.hexdigest()[:16],
    }


def fit_result(
    model: ConvAutoencoder,
    config: FitConfig,
    progress: FitProgress,
    checkpoint: Path,
    device: str,
    resumed: bool,
    train_images: int,
    precision: str | None = None,
) -> FitResult:
    # A fresh model, not the trained one: training may have put the weights in channels_last
    # layout (or wrapped them), and encoding with other strides rounds differently. A fresh,
    # contiguous model is exactly what a resume loads from the checkpoint, so every later stage
    # (embeddings, predictors, decoder) sees the same bits whether the run was interrupted or not.
    fresh = ConvAutoencoder(config.input_size, config.z, config.variant.variational)
    fresh.load_state_dict(progress.best_model)
    model = fresh.to(next(model.parameters()).device)
    model.eval()
    history = progress.history
    best = next((row for row in history if row["epoch"] == progress.best_epoch), history[-1])
    train_seconds = sum(row["train_seconds"] for row in history)
    return FitResult(
        model=model,
        config=config,
        checkpoint=checkpoint,
        epochs_run=progress.epoch,
        best_epoch=progress.best_epoch,
        best_val_loss=progress.best_val_loss,
        seconds=sum(row["seconds"] for row in history),
        seconds_per_epoch=[row["seconds"] for row in history],
        images_per_s=train_images * len(history) / train_seconds if train_seconds > 0 else 0.0,
        history=history,
        final_rec=best["rec"],
        final_kld=best["kld"],
        device=device,
        stopped_early=progress.stopped_early,
        resumed=resumed,
        precision=precision,
    )


def checkpoint_state(
    config: FitConfig,
    signature: dict[str, Any],
    device: torch.device,
    progress: FitProgress,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    complete: bool,
    precision: str | None = None,
) -> dict[str, Any]:
    """A finished fit keeps only its best weights; an unfinished one all it needs to go on."""
    return {
        "fingerprint": config.fingerprint(),
        "config": config.identity(),
        "data": signature,
        "device": str(device),
        "precision": precision,
        "complete": complete,
        "epoch": progress.epoch,
        "best_epoch": progress.best_epoch,
        "best_val_loss": progress.best_val_loss,
        "bad_epochs": progress.bad_epochs,
        "stopped_early": progress.stopped_early,
        "history": progress.history,
        "best_model": progress.best_model,
        "model": None if complete else model.state_dict(),
        "optimizer": None if complete else optimizer.state_dict(),
        "rng_cpu": torch.get_rng_state(),
        "rng_cuda": torch.cuda.get_rng_state(device) if device.type == "cuda" else None,
    }


def open_checkpoint(
    checkpoint: Path, config: FitConfig, signature: dict[str, Any]
) -> dict[str, Any]:
    saved = read_checkpoint(checkpoint)
    check_configuration(saved, config.fingerprint(), config.identity(), checkpoint)
    if saved.get("data") != signature:
        raise CheckpointError(
            f"The checkpoint {checkpoint} was trained on other images ({saved.get('data')}) "
            f"than the ones given now ({signature}).",
            hint="Run with --restart to discard it and train on the current data.",
        )
    return saved


def load_trained_autoencoder(
    checkpoint: Path, map_location: str | torch.device = "cpu"
) -> tuple[ConvAutoencoder, FitResult]:
    """The best weights and summary of a finished fit, without training (for reuse)."""
    checkpoint = Path(checkpoint)
    saved = read_checkpoint(checkpoint, map_location="cpu")
    if not saved.get("complete"):
        raise CheckpointError(
            f"The fit saved in {checkpoint} is not finished ({saved.get('epoch')} epochs so far).",
            hint="Run the same training command again to finish it.",
        )
    config = FitConfig.from_identity(saved["config"])
    model = ConvAutoencoder(config.input_size, config.z, config.variant.variational)
    progress = FitProgress.from_checkpoint(saved)
    result = fit_result(
        model,
        config,
        progress,
        checkpoint,
        str(saved.get("device", "cpu")),
        True,
        int(saved["data"]["train"]),
        saved.get("precision"),
    )
    result.reused = True
    result.model.to(map_location)
    return result.model, result
