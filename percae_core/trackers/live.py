"""`percae bench --track NAME`: a tracker written live from the engine's events, in the process
that records them (for Ray, the driver, where events arrive through the mailbox).

Each fit epoch (`EpochFinished` of the FIT stage) is written as it comes; when a cell ends done
(`CellEnded`, sent after its results are stored) its summary is read from the database and
written as `percae export` would. Cells reused from earlier runs send no events: export them.
"""

from __future__ import annotations

from pathlib import Path

from percae_core.events import CellEnded, CellKey, EpochFinished, Event, EventSink
from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_core.results.settings import belongs, section_settings
from percae_core.stages import Stage
from percae_core.trackers.cell_data import EpochPoint, TrackedCell, experiment_name
from percae_core.trackers.registry import TrackerWriter, get_tracker

_Key = tuple[str, str, int, str | None, int]


def _key(cell: TrackedCell) -> _Key:
    """What tells a study's cells apart in its events (one seed and γ per study)."""
    return (cell.dataset, cell.variant, cell.z, cell.loss_net, cell.repeat)


def _event_key(cell: CellKey) -> _Key:
    return (cell.dataset, cell.variant, cell.z, cell.loss_net, cell.repeat)


class LiveTracking:
    """An event sink that passes every event on to ``inner`` and writes the study's cells."""

    def __init__(
        self, writer: TrackerWriter, home: Home, cells: list[TrackedCell], inner: EventSink
    ) -> None:
        self.writer = writer
        self.home = home
        self.inner = inner
        self._cells = {_key(cell): cell for cell in cells}
        settings = section_settings([dict(cell.setting) for cell in cells])
        self._experiments = {
            cell.config_hash: [
                experiment_name(s) for s in settings if belongs(dict(cell.setting), s)
            ]
            for cell in cells
        }
        self._logged: dict[str, set[int]] = {}

    def __call__(self, event: Event) -> None:
        self.inner(event)
        cell = None if event.cell is None else self._cells.get(_event_key(event.cell))
        if cell is None:
            return
        if isinstance(event, EpochFinished) and event.stage is Stage.FIT:
            self._epoch(cell, event)
        elif isinstance(event, CellEnded) and event.status == "done":
            self._finish(cell)

    def _begin(self, cell: TrackedCell) -> set[int]:
        if cell.config_hash not in self._logged:
            self.writer.start_run(cell, self._experiments[cell.config_hash])
            self._logged[cell.config_hash] = set()
        return self._logged[cell.config_hash]

    def _epoch(self, cell: TrackedCell, event: EpochFinished) -> None:
        logged = self._begin(cell)
        parts = tuple(sorted((k, float(v)) for k, v in event.loss_parts.items()))
        point = EpochPoint(
            event.epoch, event.train_loss, event.val_loss, event.seconds, event.images_per_s, parts
        )
        self.writer.log_epoch(cell, point)
        logged.add(point.epoch)

    def _finish(self, cell: TrackedCell) -> None:
        from percae_core.trackers.export import parts_or_error, read_summary

        logged = self._begin(cell)
        with ResultsDB.open(self.home.database) as db:
            records = db.cells.autoencoder_records(dataset=cell.dataset)
            record = next((r for r in records if r["config_hash"] == cell.config_hash), None)
            if record is None:
                return
            summary = read_summary(self.home, db, record, parts_or_error(self.home, record))
        for point in summary.epochs:  # epochs of an earlier, resumed session
            if point.epoch not in logged:
                self.writer.log_epoch(cell, point)
        self.writer.finish_run(summary)
        del self._logged[cell.config_hash]

    def close(self) -> None:
        self.writer.close()


def live_tracking(
    tracker: str, folder: Path, home: Home, cells: list[TrackedCell], inner: EventSink
) -> LiveTracking:
    """A sink writing ``tracker`` into ``folder`` for ``cells``; the package's absence is an
    error here, before the study starts."""
    return LiveTracking(get_tracker(tracker).open_writer(folder), home, cells, inner)
