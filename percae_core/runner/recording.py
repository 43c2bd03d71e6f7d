"""The event sink of a running cell that also records each finished autoencoder epoch."""

from __future__ import annotations

from percae_core.events import EpochFinished, Event, EventSink
from percae_core.results.rows import EpochRow
from percae_core.runner.cell_context import CellContext, RecorderT
from percae_core.stages import Stage


def epoch_row(event: EpochFinished) -> EpochRow:
    return EpochRow(
        epoch=event.epoch,
        train_loss=event.train_loss,
        val_loss=event.val_loss,
        seconds=event.seconds,
        images_per_s=event.images_per_s,
        parts=dict(event.loss_parts),
    )


def recording_sink(ctx: CellContext[RecorderT], cell_id: int) -> EventSink:
    """Records the autoencoder's epochs of ``cell_id`` and passes every event on."""

    def sink(event: Event) -> None:
        if isinstance(event, EpochFinished) and event.stage is Stage.FIT:
            ctx.cells.record_epoch(cell_id, epoch_row(event))
        ctx.on_event(event)

    return sink
