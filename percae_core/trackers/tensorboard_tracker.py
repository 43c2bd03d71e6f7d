"""TensorBoard: one run folder per cell (``DIR/<run name>``) of event files written with
torch's `SummaryWriter`: the epochs' losses and speed, the fit's and the tests' numbers, the
hyperparameters (the hparams plugin), the reconstructions as images and the test embedding with
its labels for the projector.

Writing a cell again replaces its run folder (marked with ``.percae-run``); a folder of that
name that percae did not write is refused, never deleted.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from percae_core.errors import PercaeError
from percae_core.trackers.cell_data import CellSummary, EpochPoint, TrackedCell

MARKER = ".percae-run"


class TensorBoardWriter:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._open: dict[str, Any] = {}

    def _writer(self, cell: TrackedCell) -> Any:
        writer = self._open.get(cell.config_hash)
        if writer is None:
            from torch.utils.tensorboard import SummaryWriter

            run = self.folder / cell.run_name
            run.mkdir(parents=True, exist_ok=True)
            (run / MARKER).write_text(cell.config_hash + "\n")
            writer = self._open[cell.config_hash] = SummaryWriter(str(run))
        return writer

    def start_run(self, cell: TrackedCell, experiments: list[str]) -> bool:
        run = self.folder / cell.run_name
        if not run.exists():
            return False
        if not (run / MARKER).is_file():
            raise PercaeError(
                f"{run} exists and was not written by percae, so it was left alone.",
                hint="Choose another --out folder or move that one aside.",
            )
        self._close(cell)
        shutil.rmtree(run)
        return True

    def log_epoch(self, cell: TrackedCell, point: EpochPoint) -> None:
        writer = self._writer(cell)
        for tag, value in point.scalars().items():
            writer.add_scalar(tag, value, point.epoch)
        writer.flush()

    def finish_run(self, summary: CellSummary) -> None:
        from torch.utils.tensorboard.summary import hparams

        writer = self._writer(summary.cell)
        scalars = summary.final_scalars()
        for tag, value in scalars.items():
            writer.add_scalar(tag, value, 0)
        experiment, start, end = hparams(dict(summary.params), scalars)
        for message in (experiment, start, end):
            writer.file_writer.add_summary(message)
        if summary.images is not None:
            writer.add_image("reconstructions", summary.images.grid(), 0, dataformats="HWC")
        if summary.embedding is not None:
            embedding = summary.embedding
            metadata: Any = None
            if embedding.metadata is not None:
                metadata = [row if embedding.header else row[0] for row in embedding.metadata]
            writer.add_embedding(
                embedding.mu,
                metadata=metadata,
                metadata_header=list(embedding.header) if embedding.header else None,
                tag="test_embedding",
            )
        self._close(summary.cell)

    def _close(self, cell: TrackedCell) -> None:
        writer = self._open.pop(cell.config_hash, None)
        if writer is not None:
            writer.close()

    def close(self) -> None:
        for writer in self._open.values():
            writer.close()
        self._open.clear()


def open_writer(folder: Path) -> TensorBoardWriter:
    folder.mkdir(parents=True, exist_ok=True)
    return TensorBoardWriter(folder)
