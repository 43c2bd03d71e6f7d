"""The registry of trackers: each a name, the extra that installs its package, and the module
that writes it. The CLI iterates it for `percae export NAME` and `percae bench --track NAME`."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from percae_core.errors import PercaeError, UsageError
from percae_core.trackers.cell_data import CellSummary, EpochPoint, TrackedCell


class TrackerMissingError(PercaeError):
    """A tracker's package is not installed."""


class TrackerWriter(Protocol):
    """Writes runs into one tracker folder; one run per cell (and experiment, where the tracker
    has experiments)."""

    def start_run(self, cell: TrackedCell, experiments: list[str]) -> bool:
        """Begin the cell's run, replacing one written before; True when one was replaced."""
        ...

    def log_epoch(self, cell: TrackedCell, point: EpochPoint) -> None: ...

    def finish_run(self, summary: CellSummary) -> None:
        """The cell's final numbers, parameters, images and embedding; its run is closed."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class TrackerSpec:
    name: str
    title: str
    package: str
    """The module imported to write it."""
    module: str
    """``percae_core.trackers.<module>`` defines ``open_writer(folder) -> TrackerWriter``."""

    @property
    def install(self) -> str:
        return f"pip install 'percae[{self.name}]'"

    def require(self) -> None:
        """A clear error, with the install command, when the package is missing."""
        try:
            importlib.import_module(self.package)
        except ImportError:
            raise TrackerMissingError(
                f"Writing {self.title} files needs the {self.package} package, which is not "
                "installed.",
                hint=f"Install the {self.name} extra: `{self.install}`, then run the command "
                "again; nothing was written.",
            ) from None

    def open_writer(self, folder: Path) -> TrackerWriter:
        self.require()
        module = importlib.import_module(f"percae_core.trackers.{self.module}")
        writer: TrackerWriter = module.open_writer(folder)
        return writer


TRACKERS: dict[str, TrackerSpec] = {
    spec.name: spec
    for spec in (
        TrackerSpec("tensorboard", "TensorBoard", "tensorboard", "tensorboard_tracker"),
        TrackerSpec("mlflow", "MLflow", "mlflow", "mlflow_tracker"),
    )
}


def list_trackers() -> list[str]:
    return list(TRACKERS)


def get_tracker(name: str) -> TrackerSpec:
    spec = TRACKERS.get(name.strip().lower())
    if spec is None:
        raise UsageError(
            f"Unknown tracker {name!r}.", hint=f"Choose from: {', '.join(list_trackers())}."
        )
    return spec
