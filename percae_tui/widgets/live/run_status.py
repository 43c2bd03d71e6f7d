"""The running item in numbers: stage, cell, epoch and batch, images/s, ETA, latest losses."""

from __future__ import annotations

from textual.widgets import Static

from percae_tui.queue_state import QueueItem


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


def loss(value: object) -> str:
    return "-" if value is None else f"{float(value):.5g}"  # type: ignore[arg-type]


def status_lines(item: QueueItem | None) -> str:
    if item is None:
        return "Nothing has run yet. Add an experiment on the Queue screen (F2) and start it."
    p = item.progress
    head = f"Item {item.id} ({item.status}): {item.summary}"
    if item.status != "running":
        return f"{head}\n{item.message or ''}"
    remaining = None
    if p.get("plan_eta_s") is not None:
        remaining = max(0.0, float(p["plan_eta_s"]) - float(p.get("elapsed_s", 0.0)))
    speed = f"{float(p['images_per_s']):.0f}" if p.get("images_per_s") else "-"
    return "\n".join(
        [
            head,
            f"Stage: {p.get('stage', '-')}   Cell: {p.get('cell', '-')}   "
            f"Device: {p.get('device', '-')}   Loss network: {p.get('loss_net', '-')}",
            f"Epoch {p.get('epoch', 0)}/{p.get('epochs', '-')}   "
            f"Batch {p.get('batch', 0)}/{p.get('batches', '-')}   Images/s: {speed}",
            f"Latest losses: batch {loss(p.get('batch_loss'))}   train {loss(p.get('train_loss'))}"
            f"   val {loss(p.get('val_loss'))}",
            f"ETA: this fit {duration(p.get('fit_eta_s'))}   whole item {duration(remaining)}   "
            f"(elapsed {duration(p.get('elapsed_s'))})",
        ]
    )


class RunStatus(Static):
    def show_item(self, item: QueueItem | None) -> None:
        self.update(status_lines(item))
