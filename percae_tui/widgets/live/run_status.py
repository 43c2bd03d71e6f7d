"""The item on the Live screen in words: stage and its progress, cell, epoch, images/s, ETA,
latest losses. A running item's clock and ETA are recomputed at every redraw."""

from __future__ import annotations

from textual.widgets import Static

from percae_tui.live_progress import elapsed_now, remaining_seconds, stage_progress
from percae_tui.queue_state import QueueItem

LATEST_CHARS = 70


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
    elapsed = elapsed_now(p)
    remaining = remaining_seconds(p, elapsed)
    speed = f"{float(p['images_per_s']):.0f}" if p.get("images_per_s") else "-"
    epoch = f"Epochs done {p.get('epoch', 0)}/{p.get('epochs', '-')}   " if p.get("fitting") else ""
    batch = (
        f"Batch {p['batch']}/{p.get('batches', '-')}   "
        if p.get("fitting") and p.get("batch")
        else ""
    )
    return "\n".join(
        [
            head,
            f"Stage: {stage_progress(p).text}",
            f"{epoch}{batch}Images/s: {speed}   Device: {p.get('device', '-')}   "
            f"Loss network: {p.get('loss_net', '-')}",
            f"Latest losses: batch {loss(p.get('batch_loss'))}   train {loss(p.get('train_loss'))}"
            f"   val {loss(p.get('val_loss'))}",
            f"ETA: whole item {duration(remaining) if remaining is not None else 'estimating...'}   "
            f"this fit {duration(p.get('fit_eta_s')) if p.get('fitting') else '-'}   "
            f"(elapsed {duration(elapsed)})",
            notices_line(p),
        ]
    )


def notices_line(progress: dict) -> str:
    """How many warnings the item has and the latest, cut to a line; the full text is on the
    Results screen (diagnostics) and in the worker's notices."""
    warnings = [n for n in progress.get("notices", []) if n.get("level") == "warning"]
    if not warnings:
        return "Warnings: none"
    latest = str(warnings[-1].get("message", ""))
    if len(latest) > LATEST_CHARS:
        latest = latest[: LATEST_CHARS - 3] + "..."
    count = len(warnings)
    return f"Warnings: {count} warning{'s' if count != 1 else ''} (details: F4)  latest: {latest}"


class RunStatus(Static):
    def show_item(self, item: QueueItem | None) -> None:
        self.update(status_lines(item))
