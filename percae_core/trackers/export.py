"""`percae export NAME`: write a tracker's files for the finished cells of a study, after the
fact, from the results database and the cells' run folders.

Cells are chosen as the figures choose them (`--dataset`, `--setting`: the tables' sections);
each becomes one run, in every chosen setting's experiment it belongs to. A cell written before
into the same folder is replaced, never duplicated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from percae_core.data.parts import DatasetParts
from percae_core.errors import PercaeError
from percae_core.figures.make import chosen_settings
from percae_core.figures.study import NO_RESULTS_HINT, load_study
from percae_core.paths import Home
from percae_core.results.db import ResultsDB
from percae_core.trackers.cell_data import CellSummary, TrackedCell, experiment_name, summary_of
from percae_core.trackers.cell_media import cell_images, load_parts, test_embedding
from percae_core.trackers.registry import TrackerWriter, get_tracker


@dataclass(frozen=True)
class ExportOutcome:
    runs: tuple[str, ...]
    """The run names written, in order."""
    replaced: int
    """How many of them replaced a run written before."""
    notes: tuple[str, ...]
    """What a run lacks and why (no checkpoint, data gone)."""


def read_summary(
    home: Home, db: ResultsDB, record: dict, parts: DatasetParts | PercaeError
) -> CellSummary:
    """A finished cell's summary with its images and embedding where its files allow."""
    epochs = db.cells.epochs_of(int(record["cell_id"]))
    results = db.cells.result_records(dataset=record["dataset"])
    label = TrackedCell.of_record(record).label
    if isinstance(parts, PercaeError):
        note = f"{label}: no images or embedding ({parts.message})"
        return summary_of(record, epochs, results, notes=(note,))
    try:
        images = cell_images(home, record, parts)
        embedding = test_embedding(home, record, parts)
    except PercaeError as exc:
        note = f"{label}: no images or embedding ({exc.message})"
        return summary_of(record, epochs, results, notes=(note,))
    return summary_of(record, epochs, results, images, embedding)


def write_cell(writer: TrackerWriter, summary: CellSummary, experiments: list[str]) -> bool:
    """The whole run of one cell; True when it replaced one."""
    replaced = writer.start_run(summary.cell, experiments)
    for point in summary.epochs:
        writer.log_epoch(summary.cell, point)
    writer.finish_run(summary)
    return replaced


def export_study(
    home: Home,
    tracker: str,
    folder: Path,
    datasets: Sequence[str] | None = None,
    settings: Sequence[str] | None = None,
) -> ExportOutcome:
    """Write ``tracker``'s files for the chosen finished cells into ``folder``."""
    spec = get_tracker(tracker)
    spec.require()
    study = load_study(home, datasets)
    if not study.autoencoders:
        raise PercaeError(f"No finished cells in {home.root} to export.", hint=NO_RESULTS_HINT)
    chosen = [setting for setting, _ in chosen_settings(study, settings)]
    writer = spec.open_writer(folder)
    runs: list[str] = []
    notes: list[str] = []
    replaced = 0
    parts: dict[str, DatasetParts | PercaeError] = {}
    try:
        with ResultsDB.open(home.database) as db:
            for record in study.autoencoders:
                experiments = [experiment_name(s.values) for s in chosen if s.includes(record)]
                if not experiments:
                    continue
                if record["dataset"] not in parts:
                    parts[record["dataset"]] = parts_or_error(home, record)
                summary = read_summary(home, db, record, parts[record["dataset"]])
                replaced += write_cell(writer, summary, experiments)
                runs.append(summary.cell.run_name)
                notes += summary.notes
    finally:
        writer.close()
    return ExportOutcome(tuple(runs), replaced, tuple(notes))


def parts_or_error(home: Home, record: dict) -> DatasetParts | PercaeError:
    try:
        return load_parts(home, record)
    except PercaeError as exc:
        return exc
