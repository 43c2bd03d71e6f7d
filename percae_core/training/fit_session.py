"""One training session of an autoencoder fit, as a small object in the shape of torchtune's
recipes: set up (model, objective, optimiser), resume from a checkpoint, load the data, then one
epoch at a time (training pass, validation, end of epoch: history row, checkpoint, event) and
finish (the result).

`fit.py`'s `fit_autoencoder` calls these steps in this order, and the order is part of what
makes a resume exact: the seed is set before the model is built, the checkpoint's weights,
Adam's moments and RNG state are restored before the images are placed and before the first
batch, and each epoch's image order comes from (seed, epoch) alone (`batches.epoch_order`).
"""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from percae_core.data.parts import Split
from percae_core.errors import Interrupted, PercaeError
from percae_core.events import BatchFinished, EpochFinished, EventSink, FitStarted, Notice
from percae_core.models.autoencoder import ConvAutoencoder
from percae_core.models.loss_networks import LossNetwork
from percae_core.stop_request import StopCheck, stop_requested, stopped
from percae_core.training.batches import ImageBatches, epoch_order
from percae_core.training.checkpoint import save_checkpoint
from percae_core.training.config import FitConfig
from percae_core.training.device import out_of_memory_error, synchronize
from percae_core.training.fit_record import FitProgress, FitResult, checkpoint_state, fit_result
from percae_core.training.reconstruction_loss import ReconstructionLoss
from percae_core.training.speed import SpeedSettings, resolve_speed
from percae_core.training.train_step import build_train_step, frozen_loss_network

BATCH_LOSS_REFRESH_S = 0.5
RESUME_HINT = "Run the same command again to go on from there."


@dataclass(frozen=True)
class FitTarget:
    """Where a fit reports and saves: its run name, checkpoint, events, stop check and the
    signature of its data (saved with every checkpoint, `fit_record.data_signature`)."""

    run: str
    checkpoint: Path
    on_event: EventSink
    should_stop: StopCheck
    data_signature: dict[str, Any]


@dataclass(frozen=True)
class EpochLosses:
    """One epoch's mean training loss and its validation loss with the loss's two parts."""

    train: float
    val: float
    rec: float
    kld: float


@dataclass(frozen=True)
class EpochTimes:
    """Wall seconds of one epoch (training and validation), of its training pass alone, and
    the process CPU seconds (`time.process_time`) of the whole epoch."""

    seconds: float
    train_seconds: float
    cpu_seconds: float


def history_row(
    epoch: int, losses: EpochLosses, times: EpochTimes, images: int
) -> dict[str, float]:
    """The row of ``epoch`` in a fit's history (kept in its checkpoint and its result)."""
    return {
        "epoch": epoch,
        "train_loss": losses.train,
        "val_loss": losses.val,
        "rec": losses.rec,
        "kld": losses.kld,
        "seconds": times.seconds,
        "train_seconds": times.train_seconds,
        "images_per_s": images / times.train_seconds if times.train_seconds > 0 else 0.0,
        "cpu_seconds": times.cpu_seconds,
    }


class AutoencoderFit:
    """The session that trains one fit: built fresh, optionally resumed, then `train`."""

    #: The training and validation images, placed by `load_data`.
    train_batches: ImageBatches
    val_batches: ImageBatches

    def __init__(
        self,
        config: FitConfig,
        device: torch.device,
        loss_network: LossNetwork | None,
        speed: SpeedSettings,
        target: FitTarget,
    ) -> None:
        torch.manual_seed(config.seed)
        self.config, self.device, self.target = config, device, target
        self.model = ConvAutoencoder(config.input_size, config.z, config.variant.variational)
        self.model = self.model.to(device)
        if config.precision is not None:
            speed = dataclasses.replace(speed, bf16=config.precision == "bf16")
        self.plan = resolve_speed(speed, device)
        network = frozen_loss_network(loss_network, device, self.plan)
        objective = ReconstructionLoss(config.variant, config.gamma, network)
        self.step = build_train_step(self.model, objective, self.plan, config.lr)
        self.progress = FitProgress()
        self.resumed = False
        #: torch's intra-op thread count in this session (recorded with the fit).
        self.threads = torch.get_num_threads()
        self.session_seconds: list[float] = []

    def resume(self, saved: dict[str, Any]) -> None:
        """Go on from an unfinished checkpoint: weights, Adam's moments, progress, RNG state."""
        self.model.load_state_dict(saved["model"])
        self.step.optimizer.load_state_dict(saved["optimizer"])
        self.progress = FitProgress.from_checkpoint(saved)
        torch.set_rng_state(saved["rng_cpu"])
        if self.device.type == "cuda" and saved.get("rng_cuda") is not None:
            torch.cuda.set_rng_state(saved["rng_cuda"], self.device)
        self.resumed = True

    def load_data(self, train: Split, val: Split) -> None:
        """Place the images (on the GPU, in RAM or streamed; `batches.py`)."""
        channels_last = self.plan.channels_last
        try:
            self.train_batches = ImageBatches(
                train, self.device, self.config.tile, channels_last=channels_last
            )
            self.val_batches = ImageBatches(
                val, self.device, self.config.tile, channels_last=channels_last
            )
        except torch.cuda.OutOfMemoryError as exc:
            raise out_of_memory_error(self.device, self.config.batch_size, True) from exc

    def train(self) -> FitResult:
        """Train the remaining epochs, stopping early or on request, and return the result."""
        self._announce()
        try:
            for epoch in range(self.progress.epoch + 1, self.config.epochs + 1):
                if self.run_epoch(epoch):
                    break
        except KeyboardInterrupt:
            raise self._interrupted() from None
        except torch.cuda.OutOfMemoryError as exc:
            torch.cuda.empty_cache()
            on_device = self.train_batches.on_device
            raise out_of_memory_error(self.device, self.config.batch_size, on_device) from exc
        return self.finish()

    def run_epoch(self, epoch: int) -> bool:
        """Train and validate ``epoch``, then end it; True when the fit is complete."""
        started, cpu_started = time.perf_counter(), time.process_time()
        train_loss = self.train_epoch(epoch)
        train_seconds = time.perf_counter() - started
        if not math.isfinite(train_loss):
            raise diverged_error(self.target.run, train_loss, epoch, self.config)
        val, rec, kld = self.validate()
        synchronize(self.device)
        times = EpochTimes(
            seconds=time.perf_counter() - started,
            train_seconds=train_seconds,
            cpu_seconds=time.process_time() - cpu_started,
        )
        return self.end_epoch(epoch, EpochLosses(train_loss, val, rec, kld), times)

    def train_epoch(self, epoch: int) -> float:
        """One pass over the training images in the order of (seed, epoch); the mean loss."""
        self.model.train()
        total = torch.zeros((), device=self.device)
        shown, refreshed = math.nan, -math.inf
        batches = self.train_batches.batch_count(self.config.batch_size)
        order = epoch_order(len(self.train_batches), self.config.seed, epoch)
        for index, x in enumerate(self.train_batches.batches(self.config.batch_size, order), 1):
            if stop_requested(self.target.should_stop):
                raise self._stopped(between_epochs=index == 1)
            parts = self.step(x)
            total += parts.total.detach() * len(x)
            now = time.perf_counter()
            if self.device.type == "cpu" or now - refreshed >= BATCH_LOSS_REFRESH_S:
                shown, refreshed = parts.total.item(), now
            self.target.on_event(BatchFinished(self.target.run, epoch, index, batches, shown))
        synchronize(self.device)
        return total.item() / len(self.train_batches)

    def validate(self) -> list[float]:
        """Mean validation loss, reconstruction and KLD parts, without gradients (VAEs: mu)."""
        self.model.eval()
        sums = torch.zeros(3, device=self.device)
        with torch.no_grad():
            for x in self.val_batches.batches(self.config.batch_size):
                parts = self.step.losses(x)
                sums += torch.stack([parts.total, parts.rec, parts.kld]).float() * len(x)
        values: list[float] = (sums / len(self.val_batches)).tolist()
        return values

    def end_epoch(self, epoch: int, losses: EpochLosses, times: EpochTimes) -> bool:
        """Keep the best weights, add the history row, save the checkpoint, send the event."""
        progress, config = self.progress, self.config
        self.session_seconds.append(times.seconds)
        is_best = losses.val < progress.best_val_loss
        progress.epoch = epoch
        if is_best:
            progress.best_val_loss, progress.best_epoch, progress.bad_epochs = losses.val, epoch, 0
            progress.best_model = {
                k: v.detach().clone() for k, v in self.model.state_dict().items()
            }
        else:
            progress.bad_epochs += 1
        row = history_row(epoch, losses, times, len(self.train_batches))
        progress.history.append(row)
        progress.stopped_early = (
            progress.bad_epochs >= config.resolved_patience and epoch < config.epochs
        )
        complete = progress.stopped_early or epoch == config.epochs
        self.save_checkpoint(complete)
        eta = 0.0 if complete else self._seconds_per_epoch() * (config.epochs - epoch)
        parts = {"rec": losses.rec, "kld": losses.kld}
        self.target.on_event(
            EpochFinished(
                self.target.run,
                epoch,
                config.epochs,
                losses.train,
                losses.val,
                times.seconds,
                row["images_per_s"],
                eta,
                is_best,
                parts,
            )
        )
        return complete

    def save_checkpoint(self, complete: bool) -> None:
        """Write everything the next epoch depends on (or, once complete, the best weights)."""
        state = checkpoint_state(
            self.config,
            self.target.data_signature,
            self.device,
            self.progress,
            self.model,
            self.step.optimizer,
            complete,
            self.plan.precision,
            self.threads,
        )
        save_checkpoint(self.target.checkpoint, state)

    def finish(self) -> FitResult:
        """The result: a fresh model with the best weights, and how this session trained."""
        result = fit_result(
            self.model,
            self.config,
            self.progress,
            self.target.checkpoint,
            str(self.device),
            self.resumed,
            len(self.train_batches),
            self.plan.precision,
            self.threads,
        )
        result.speed_path = f"{self.plan.describe()}, threads {self.threads}"
        return result

    def _announce(self) -> None:
        run, on_event = self.target.run, self.target.on_event
        batches = self.train_batches.batch_count(self.config.batch_size)
        description = self.config.describe()
        on_event(FitStarted(run, self.config.epochs, batches, self.progress.epoch, description))
        if self.resumed:
            on_event(
                Notice(
                    "info",
                    f"{run}: resuming from the checkpoint after epoch {self.progress.epoch}.",
                )
            )
        if self.train_batches.placement == "stream":
            on_event(
                Notice(
                    "info",
                    f"{run}: the training images do not fit the memory budget; "
                    "streaming them from disk (slower).",
                )
            )

    def _seconds_per_epoch(self) -> float:
        return sum(self.session_seconds) / len(self.session_seconds)

    def _saved_note(self) -> str:
        if self.progress.epoch:
            return (
                f"the {self.progress.epoch} finished epoch(s) are saved in {self.target.checkpoint}"
            )
        return "no epoch had finished, so nothing was saved"

    def _stopped(self, *, between_epochs: bool) -> Interrupted:
        """Stopped before a batch of the next epoch ran (a pause waits for that boundary): "after
        epoch N" (or "before epoch 1"); else "during" the running epoch."""
        done = self.progress.epoch
        at, where = ("during", f"epoch {done + 1}")
        if between_epochs:
            at, where = ("after", f"epoch {done}") if done else ("before", "epoch 1")
        return stopped(
            f"Training {self.target.run}", where, kept=self._saved_note(), hint=RESUME_HINT, at=at
        )

    def _interrupted(self) -> Interrupted:
        return Interrupted(
            f"Training {self.target.run} was interrupted during epoch {self.progress.epoch + 1}; "
            f"{self._saved_note()}.",
            hint=RESUME_HINT,
        )


def diverged_error(run: str, loss: float, epoch: int, config: FitConfig) -> PercaeError:
    """The message for a loss that became nan or inf, naming what most often causes it."""
    cause = (
        f" with the KLD weight --gamma {config.gamma:g}"
        if config.variant.variational and config.gamma > 1
        else ""
    )
    return PercaeError(
        f"Training {run} diverged{cause}: the loss became {loss} in epoch {epoch}. The "
        "checkpoint of the epoch before is kept.",
        hint="Run it again with a smaller --gamma (the paper's is 0.01), another --seed or "
        "--precision fp32; each of these is a new cell, so nothing finished is lost.",
    )
