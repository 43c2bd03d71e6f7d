"""The registry of a study's stages: every step a live view can name, in the order they run.

A stage is study-wide (data, reference predictors) or belongs to one cell (the autoencoder fit,
embeddings, predictor grid, decoder retraining, diagnostics). Events carry a `Stage`, never a
name to recognise by its text: the decoder's epochs are told from the autoencoder's by
``event.stage is Stage.DECODER``.
"""

from __future__ import annotations

from enum import Enum


class Stage(Enum):
    """A stage; its value is the name stored in the progress record, its title the words shown."""

    STARTING = "starting"
    PLANNING = "planning"
    DATA = "data"
    REFERENCES = "references"
    FIT = "fit"
    EMBEDDINGS = "embeddings"
    PREDICTOR_GRID = "predictor_grid"
    DECODER = "decoder"
    DIAGNOSTICS = "diagnostics"

    @property
    def title(self) -> str:
        return _TITLES[self]

    @property
    def per_cell(self) -> bool:
        """Whether the stage belongs to one cell (several may run at once)."""
        return self in CELL_STAGES

    @property
    def trains(self) -> bool:
        """Whether the stage sends fit events (epochs and batches of a network being trained)."""
        return self in (Stage.FIT, Stage.DECODER)


_TITLES = {
    Stage.STARTING: "starting",
    Stage.PLANNING: "planning",
    Stage.DATA: "data",
    Stage.REFERENCES: "reference predictors on raw pixels",
    Stage.FIT: "autoencoder fit",
    Stage.EMBEDDINGS: "embeddings",
    Stage.PREDICTOR_GRID: "predictor grid",
    Stage.DECODER: "decoder retraining",
    Stage.DIAGNOSTICS: "diagnostics",
}

CELL_STAGES = (Stage.FIT, Stage.EMBEDDINGS, Stage.PREDICTOR_GRID, Stage.DECODER, Stage.DIAGNOSTICS)
"""A cell's stages in the order it runs them."""
