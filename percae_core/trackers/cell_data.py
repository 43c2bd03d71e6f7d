"""What a tracker writes about one autoencoder fit (a study cell), read from the results database
through its record readers: the cell's identity and run name, its epochs, its tested predictors
and decoder retraining, and the parameters (setting, fit, versions)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from percae_core.models.variants import VARIANTS
from percae_core.results.settings import (
    SETTING_KEYS,
    Setting,
    is_default,
    setting_of,
    value_text,
)

if TYPE_CHECKING:
    from percae_core.runner.plan import Cell
    from percae_core.trackers.cell_media import CellImages, TestEmbedding

ParamValue = str | int | float | bool
#: The fit fields that become parameters of a run (the rest are metrics).
_FIT_PARAMS = ("device", "epochs_run", "best_epoch", "stopped_early", "config_hash")
_FIT_METRICS = ("best_val_loss", "train_seconds", "seconds_per_epoch", "images_per_s")


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.=+-]+", "_", text).strip("_")


@dataclass(frozen=True)
class TrackedCell:
    """A study cell as a tracker names it: one run per cell, in the experiment of each setting
    (a results table section) it belongs to."""

    config_hash: str
    dataset: str
    variant: str
    z: int
    loss_net: str | None
    repeat: int
    seed: int | None
    setting: Setting

    @property
    def label(self) -> str:
        """Like the study's own cell label: ``lunarlander z=32 P. AE [alexnet] r1``."""
        variant = VARIANTS[self.variant].title if self.variant in VARIANTS else self.variant
        net = f" [{self.loss_net}]" if self.loss_net else ""
        rep = f" r{self.repeat}" if self.repeat else ""
        return f"{self.dataset} z={self.z} {variant}{net}{rep}"

    @property
    def run_name(self) -> str:
        """The label made file-name safe, with the start of the cell's identity so that cells of
        two settings or seeds never share a run: ``lunarlander_z=32_P._AE_[alexnet]_3f2a1c``."""
        return f"{_safe(self.label)}_{self.config_hash[:6]}"

    @classmethod
    def of_record(cls, record: dict) -> TrackedCell:
        """From an autoencoder record (`CellStore.autoencoder_records`)."""
        return cls(
            config_hash=str(record["config_hash"]),
            dataset=str(record["dataset"]),
            variant=str(record["variant"]),
            z=int(record["z"]),
            loss_net=record.get("loss_net"),
            repeat=int(record.get("repeat") or 0),
            seed=record.get("seed"),
            setting=setting_of(record),
        )

    @classmethod
    def of_plan_cell(cls, cell: Cell) -> TrackedCell:
        """From a planned cell, with the setting its record will have once stored."""
        config = cell.config()
        return cls.of_record(
            {
                **config,
                "config_hash": cell.config_hash,
                "onscreen": config.get("onscreen", "paper"),
                **cell.stored_settings(),
            }
        )


def experiment_name(setting: Setting) -> str:
    """A setting's full, stable name: every value, as the tables' headings write them."""
    values = dict(setting)
    return "percae: " + ", ".join(
        value_text(key, values.get(key))
        for key in SETTING_KEYS
        if not is_default(key, values)  # names made before these keys existed stay the same
    )


@dataclass(frozen=True)
class EpochPoint:
    """One autoencoder epoch as recorded: losses, its validation loss parts, its speed."""

    epoch: int
    train_loss: float | None
    val_loss: float | None
    seconds: float | None
    images_per_s: float | None
    parts: tuple[tuple[str, float], ...] = ()

    def scalars(self) -> dict[str, float]:
        """Tag -> value, the same in every tracker: ``loss/train``, ``loss/val``,
        ``loss/val_rec``, ``loss/val_kld``, ``speed/images_per_s``, ``speed/epoch_seconds``."""
        values: dict[str, float | None] = {
            "loss/train": self.train_loss,
            "loss/val": self.val_loss,
            **{f"loss/val_{name}": value for name, value in self.parts},
            "speed/images_per_s": self.images_per_s,
            "speed/epoch_seconds": self.seconds,
        }
        return {tag: float(value) for tag, value in values.items() if value is not None}

    @classmethod
    def of_row(cls, row: dict) -> EpochPoint:
        """From a row of `CellStore.epochs_of`."""
        parts = row.get("parts") or {}
        return cls(
            epoch=int(row["epoch"]),
            train_loss=row.get("train_loss"),
            val_loss=row.get("val_loss"),
            seconds=row.get("seconds"),
            images_per_s=row.get("images_per_s"),
            parts=tuple((str(k), float(v)) for k, v in sorted(parts.items()) if v is not None),
        )


@dataclass(frozen=True)
class TestValue:
    """A tested predictor (mlp, linear) or the decoder retraining: its metric on the test split
    and, for predictors, the best validation loss of the predictor grid."""

    predictor: str
    metric: str
    value: float
    val_loss: float | None

    @property
    def tag(self) -> str:
        return f"test/{self.predictor}_{self.metric}"

    @classmethod
    def of_record(cls, record: dict) -> TestValue:
        """From a result record (`CellStore.result_records`)."""
        val_loss = record.get("val_loss")
        return cls(
            predictor=str(record["predictor"]),
            metric=str(record["metric"]),
            value=float(record["value"]),
            val_loss=None if val_loss is None else float(val_loss),
        )


@dataclass(frozen=True)
class CellSummary:
    """Everything a tracker writes about a finished cell."""

    cell: TrackedCell
    params: tuple[tuple[str, ParamValue], ...]
    fit_metrics: tuple[tuple[str, float], ...]
    epochs: tuple[EpochPoint, ...]
    tests: tuple[TestValue, ...]
    images: CellImages | None = None
    embedding: TestEmbedding | None = None
    notes: tuple[str, ...] = field(default=())
    """Why images or embeddings are missing (a deleted checkpoint, data gone)."""

    def final_scalars(self) -> dict[str, float]:
        """The fit's and the tests' numbers: ``fit/...``, ``test/...`` and the predictor grid's
        best validation losses, ``predictor/..._val_loss``."""
        scalars = dict(self.fit_metrics)
        for test in self.tests:
            scalars[test.tag] = test.value
            if test.val_loss is not None:
                scalars[f"predictor/{test.predictor}_val_loss"] = test.val_loss
        return scalars


def params_of(record: dict) -> tuple[tuple[str, ParamValue], ...]:
    """A fit's parameters: the cell's identity, its whole setting, the fit's facts and the
    package versions it ran with (``versions.torch``), None written as ``none``."""
    values: dict[str, Any] = {
        "dataset": record["dataset"],
        "variant": record["variant"],
        "z": record["z"],
        "seed": record.get("seed"),
        "repeat": record.get("repeat") or 0,
        **dict(setting_of(record)),
        **{key: record.get(key) for key in _FIT_PARAMS},
        **{f"versions.{k}": v for k, v in sorted((record.get("versions") or {}).items())},
    }
    return tuple((key, _param(value)) for key, value in values.items())


def _param(value: object) -> ParamValue:
    if value is None:
        return "none"
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def summary_of(
    record: dict,
    epochs: list[dict],
    results: list[dict],
    images: CellImages | None = None,
    embedding: TestEmbedding | None = None,
    notes: tuple[str, ...] = (),
) -> CellSummary:
    """A cell's summary from its autoencoder record, its epoch rows and its result records."""
    fit = tuple(
        (f"fit/{key}", float(record[key])) for key in _FIT_METRICS if record.get(key) is not None
    )
    return CellSummary(
        cell=TrackedCell.of_record(record),
        params=params_of(record),
        fit_metrics=fit,
        epochs=tuple(EpochPoint.of_row(row) for row in epochs),
        tests=tuple(TestValue.of_record(r) for r in results if r["cell_id"] == record["cell_id"]),
        images=images,
        embedding=embedding,
        notes=notes,
    )
