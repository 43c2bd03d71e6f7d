"""MLflow: a local store in DIR (``mlflow.db``, SQLite, and ``artifacts/``) with one experiment
per study setting (named by every value of the setting) and one run per cell in it: the whole
setting, the fit and the versions as params, the epochs as metric histories, the fit's and the
tests' numbers, and the reconstructions as ``fig6_reconstructions.png``.

Runs carry the tag ``percae.config_hash``; writing a cell again deletes its earlier run in that
experiment (MLflow keeps it among the deleted runs) and writes a new one, so runs never double.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from percae_core.trackers.cell_data import CellSummary, EpochPoint, TrackedCell

CELL_TAG = "percae.config_hash"
DATABASE = "mlflow.db"


def tracking_uri(folder: Path) -> str:
    return f"sqlite:///{folder.resolve() / DATABASE}"


class MlflowWriter:
    def __init__(self, folder: Path) -> None:
        os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")  # no network, ever
        logging.getLogger("mlflow").setLevel(logging.WARNING)
        logging.getLogger("alembic").setLevel(logging.WARNING)
        from mlflow.tracking import MlflowClient

        self.folder = folder
        self.client = MlflowClient(tracking_uri=tracking_uri(folder))
        self._runs: dict[str, list[str]] = {}

    def _experiment(self, name: str) -> str:
        found = self.client.get_experiment_by_name(name)
        if found is not None:
            return str(found.experiment_id)
        location = (self.folder.resolve() / "artifacts").as_uri()
        return str(self.client.create_experiment(name, artifact_location=location))

    def start_run(self, cell: TrackedCell, experiments: list[str]) -> bool:
        replaced = False
        runs: list[str] = []
        for name in experiments:
            experiment = self._experiment(name)
            earlier = self.client.search_runs(
                [experiment], filter_string=f"tags.`{CELL_TAG}` = '{cell.config_hash}'"
            )
            for run in earlier:
                self.client.delete_run(run.info.run_id)
                replaced = True
            tags = {CELL_TAG: cell.config_hash, "percae.label": cell.label}
            run = self.client.create_run(experiment, run_name=cell.run_name, tags=tags)
            runs.append(run.info.run_id)
        self._runs[cell.config_hash] = runs
        return replaced

    def log_epoch(self, cell: TrackedCell, point: EpochPoint) -> None:
        from mlflow.entities import Metric

        stamp = int(time.time() * 1000)
        metrics = [Metric(tag, value, stamp, point.epoch) for tag, value in point.scalars().items()]
        for run_id in self._runs.get(cell.config_hash, []):
            self.client.log_batch(run_id, metrics=metrics)

    def finish_run(self, summary: CellSummary) -> None:
        from mlflow.entities import Metric, Param

        stamp = int(time.time() * 1000)
        params = [Param(key, str(value)) for key, value in summary.params]
        metrics = [Metric(tag, v, stamp, 0) for tag, v in summary.final_scalars().items()]
        for run_id in self._runs.pop(summary.cell.config_hash, []):
            self.client.log_batch(run_id, metrics=metrics, params=params)
            if summary.images is not None:
                self.client.log_image(run_id, summary.images.grid(), "fig6_reconstructions.png")
            self.client.set_terminated(run_id)

    def close(self) -> None:
        for runs in self._runs.values():
            for run_id in runs:
                self.client.set_terminated(run_id, status="KILLED")
        self._runs.clear()


def open_writer(folder: Path) -> Any:
    folder.mkdir(parents=True, exist_ok=True)
    return MlflowWriter(folder)
