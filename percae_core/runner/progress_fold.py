"""Engine events folded into a `ProgressRecord`: the record says what runs now.

Events that name a cell (`Event.cell`) update that cell's entry in ``record.running``; a cell
enters with its first stage or fit and leaves with `CellEnded`. Events without a cell update
the study-wide stage and step. `fold` returns whether the change is one the UI should show at
once (a new stage, a notice) rather than with the next periodic write (a batch).
"""

from __future__ import annotations

from percae_core.events import (
    STUDY_TASK,
    BatchFinished,
    CellEnded,
    EpochFinished,
    Event,
    FitFinished,
    FitStarted,
    Notice,
    StageStarted,
    TaskAdvanced,
    TaskFinished,
    TaskStarted,
)
from percae_core.runner.progress_record import (
    MAX_NOTICES,
    CellProgress,
    NoticeRecord,
    ProgressRecord,
    StepProgress,
)


def running_cell(record: ProgressRecord, event: Event, label: str) -> CellProgress:
    """The entry of the cell ``event`` names, added if new. An event without a cell (a fit
    outside a study) has an entry of its own, found by ``label``."""
    for cell in record.running:
        if event.cell is not None and cell.key == event.cell:
            return cell
        if event.cell is None and cell.key is None and cell.label == label:
            return cell
    cell = CellProgress(label=event.cell.label if event.cell else label, key=event.cell)
    record.running.append(cell)
    return cell


def _known_cell(record: ProgressRecord, event: Event) -> CellProgress | None:
    return None if event.cell is None else record.cell(event.cell)


def fold(record: ProgressRecord, event: Event) -> bool:
    """Apply ``event`` to ``record``; True when the UI should see the change at once."""
    if isinstance(event, BatchFinished):
        cell = running_cell(record, event, event.run)
        cell.batch, cell.batches, cell.batch_loss = event.batch, event.batches, event.loss
        return False
    if isinstance(event, EpochFinished):
        cell = running_cell(record, event, event.run)
        cell.epoch, cell.epochs, cell.batch = event.epoch, event.epochs, 0
        cell.train_loss, cell.val_loss = event.train_loss, event.val_loss
        cell.images_per_s, cell.fit_eta_s = event.images_per_s, event.eta_s
        cell.epoch_seconds = event.seconds
        return False
    if isinstance(event, FitStarted):
        cell = running_cell(record, event, event.run)
        cell.stage, cell.fitting, cell.step = event.stage, True, None
        cell.epoch, cell.epochs = event.start_epoch, event.epochs
        cell.batch, cell.batches = 0, event.batches_per_epoch
        cell.batch_loss = cell.train_loss = cell.val_loss = None
        return True
    if isinstance(event, FitFinished):
        cell = running_cell(record, event, event.run)
        cell.fitting, cell.epoch = False, event.epochs_run
        return True
    if isinstance(event, StageStarted):
        if event.stage.per_cell:
            cell = running_cell(record, event, event.subject)
            cell.stage, cell.fitting, cell.step = event.stage, False, None
        else:
            record.stage, record.stage_text, record.step = event.stage, event.text, None
        return True
    if isinstance(event, CellEnded):
        record.running = [c for c in record.running if c.key is None or c.key != event.cell]
        return True
    if isinstance(event, Notice):
        record.notices = [*record.notices, NoticeRecord(event.level, event.message)][-MAX_NOTICES:]
        record.notice_count += 1
        return True
    return _fold_task(record, event)


def _fold_task(record: ProgressRecord, event: Event) -> bool:
    """Task events: the study's cell count, or the countable step of a cell or of the study."""
    if isinstance(event, TaskStarted | TaskAdvanced | TaskFinished) and event.task == STUDY_TASK:
        if isinstance(event, TaskStarted):
            record.cells_total = event.total
        elif isinstance(event, TaskAdvanced):
            record.cells_done += event.advance
        return not isinstance(event, TaskFinished)
    owner = _known_cell(record, event)
    if isinstance(event, TaskStarted):
        step = StepProgress(event.description, 0, event.total, event.unit)
        if owner is not None:
            owner.step = step
        else:
            record.step = step
        return True
    if isinstance(event, TaskAdvanced):
        current = owner.step if owner is not None else record.step
        if current is not None:
            advanced = StepProgress(
                current.description, current.done + event.advance, current.total, current.unit
            )
            if owner is not None:
                owner.step = advanced
            else:
                record.step = advanced
        return False
    if isinstance(event, TaskFinished):
        if owner is not None:
            owner.step = None
        else:
            record.step = None
        return True
    return False
