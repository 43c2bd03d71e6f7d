"""The typed record of a queue item's progress: what the queue worker writes and the UI reads.

The worker stores it as JSON in the queue row's ``progress`` column (`ProgressRecord.to_json`,
with a ``version`` field); the UI reads it back with `ProgressRecord.from_json` and never looks
at the JSON itself. A study runs several cells at once under the Ray executor, so the record
holds one `CellProgress` per running cell, in the order they started.

Versions: 2 is this one. A row without a version was written by the release before the record
(a flat dict describing one cell); it is upgraded. A newer version than this release knows
raises `ProgressVersionError`, which says to update percae.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from percae_core.errors import PercaeError
from percae_core.events import CellKey
from percae_core.stages import Stage

PROGRESS_VERSION = 2
MAX_NOTICES = 50


class ProgressVersionError(PercaeError):
    """A progress record written by a newer percae than this one."""


@dataclass(frozen=True)
class StepProgress:
    """A countable step within a stage (frames rendered, predictor epochs): ``done`` of
    ``total`` ``unit`` (total None: not counted)."""

    description: str
    done: int = 0
    total: int | None = None
    unit: str = "items"


@dataclass(frozen=True)
class NoticeRecord:
    level: str
    message: str


@dataclass
class CellProgress:
    """One running cell: its stage, and while it trains, its epoch, batch and latest losses."""

    label: str
    key: CellKey | None
    """None only on a record upgraded from version 1, which did not store the identity."""
    stage: Stage = Stage.FIT
    fitting: bool = False
    epoch: int = 0
    epochs: int | None = None
    batch: int = 0
    batches: int | None = None
    batch_loss: float | None = None
    train_loss: float | None = None
    val_loss: float | None = None
    images_per_s: float | None = None
    fit_eta_s: float | None = None
    epoch_seconds: float | None = None
    step: StepProgress | None = None

    @property
    def stage_text(self) -> str:
        return f"{self.label}: {self.stage.title}"


@dataclass
class ProgressRecord:
    """A queue item's progress. ``stage`` / ``stage_text`` name the study-wide stage (planning,
    data, reference predictors); ``running`` the cells in flight, oldest first."""

    stage: Stage = Stage.PLANNING
    stage_text: str = Stage.PLANNING.title
    step: StepProgress | None = None
    running: list[CellProgress] = field(default_factory=list)
    cells_done: int = 0
    cells_total: int | None = None
    plan_eta_s: float | None = None
    device: str | None = None
    loss_net: str | None = None
    notices: list[NoticeRecord] = field(default_factory=list)
    notice_count: int = 0
    elapsed_s: float | None = None
    updated_at: str | None = None

    @property
    def latest(self) -> CellProgress | None:
        """The most recently started running cell: the one the charts follow."""
        return self.running[-1] if self.running else None

    def cell(self, key: CellKey) -> CellProgress | None:
        return next((c for c in self.running if c.key == key), None)

    def to_json(self) -> str:
        data = asdict(self)
        data["stage"] = self.stage.value
        for cell, stored in zip(self.running, data["running"], strict=True):
            stored["stage"] = cell.stage.value
        return json.dumps({"version": PROGRESS_VERSION, **data})

    @classmethod
    def from_json(cls, text: str | None) -> ProgressRecord:
        """The record in ``text``; an empty one for no text. Raises `ProgressVersionError` for a
        version this release does not know, `ValueError` for text that is no record at all."""
        if not text:
            return cls()
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError(f"a progress record is a JSON object, not {type(data).__name__}")
        version = data.get("version", 1)
        if version == 1:
            return _from_version_1(data)
        if version != PROGRESS_VERSION:
            raise ProgressVersionError(
                f"This item's progress was written by a newer percae (record version {version}; "
                f"this one reads up to {PROGRESS_VERSION}).",
                hint="Update percae (pip install -U percae) to follow it here.",
            )
        return _from_version_2(data)


def _optional(value: Any, kind: type) -> Any:
    return None if value is None else kind(value)


def _step(data: dict | None) -> StepProgress | None:
    if not data:
        return None
    return StepProgress(
        str(data["description"]),
        int(data.get("done") or 0),
        _optional(data.get("total"), int),
        str(data.get("unit") or "items"),
    )


def _fit_fields(data: dict) -> dict[str, Any]:
    """A cell's fit progress, stored under the same names by every version."""
    return dict(
        fitting=bool(data.get("fitting")),
        epoch=int(data.get("epoch") or 0),
        epochs=_optional(data.get("epochs"), int),
        batch=int(data.get("batch") or 0),
        batches=_optional(data.get("batches"), int),
        batch_loss=_optional(data.get("batch_loss"), float),
        train_loss=_optional(data.get("train_loss"), float),
        val_loss=_optional(data.get("val_loss"), float),
        images_per_s=_optional(data.get("images_per_s"), float),
        fit_eta_s=_optional(data.get("fit_eta_s"), float),
        epoch_seconds=_optional(data.get("epoch_seconds"), float),
    )


def _cell(data: dict) -> CellProgress:
    key = data.get("key")
    return CellProgress(
        label=str(data["label"]),
        key=None if key is None else CellKey(**key),
        stage=Stage(data["stage"]),
        step=_step(data.get("step")),
        **_fit_fields(data),
    )


def _notices(items: list | None) -> list[NoticeRecord]:
    return [NoticeRecord(str(n.get("level")), str(n.get("message", ""))) for n in items or ()]


def _study_fields(data: dict) -> dict[str, Any]:
    """The study-wide progress, stored under the same names by every version."""
    return dict(
        cells_done=int(data.get("cells_done") or 0),
        cells_total=_optional(data.get("cells_total"), int),
        plan_eta_s=_optional(data.get("plan_eta_s"), float),
        device=_optional(data.get("device"), str),
        loss_net=_optional(data.get("loss_net"), str),
        notices=_notices(data.get("notices")),
        notice_count=int(data.get("notice_count") or 0),
        elapsed_s=_optional(data.get("elapsed_s"), float),
        updated_at=_optional(data.get("updated_at"), str),
    )


def _from_version_2(data: dict) -> ProgressRecord:
    return ProgressRecord(
        stage=Stage(data["stage"]),
        stage_text=str(data["stage_text"]),
        step=_step(data.get("step")),
        running=[_cell(c) for c in data.get("running") or ()],
        **_study_fields(data),
    )


def _from_version_1(data: dict) -> ProgressRecord:
    """The flat dict of the release before the record: one cell at most, named by its label
    (``cell``), its stage only as text; the cell's identity was not stored."""
    text = str(data.get("stage") or Stage.STARTING.title)
    step = None
    if data.get("step"):
        step = StepProgress(
            str(data["step"]),
            int(data.get("step_done") or 0),
            _optional(data.get("step_total"), int),
            str(data.get("step_unit") or "items"),
        )
    running = []
    label = data.get("cell")
    if label and text.startswith(str(label)):
        running.append(
            CellProgress(
                label=str(label),
                key=None,
                stage=_version_1_stage(text, bool(data.get("fitting"))),
                step=step,
                **_fit_fields(data),
            )
        )
        step = None
    return ProgressRecord(
        stage=Stage.STARTING if running else Stage.PLANNING,
        stage_text=text,
        step=step,
        running=running,
        **_study_fields(data),
    )


def _version_1_stage(text: str, fitting: bool) -> Stage:
    """Version 1 stored a cell's stage as its title after the label; read it back by title."""
    for stage in Stage:
        if stage.per_cell and text.endswith(stage.title):
            return stage
    return Stage.FIT if fitting else Stage.EMBEDDINGS
