"""Predictor protocols: which predictors a cell trains on its embedding, how long, which it tests.

A protocol is a registry entry (`PREDICTOR_PROTOCOLS`); a study names one and a cell carries its
name (part of the cell's identity when it is not `DEFAULT_PROTOCOL`, so the 2020 cells keep
their hashes). Its epochs, patience and batch size are the paper-scale numbers: the `paper`
profile uses them, smoke and quick keep their own shorter predictor training.

- ``paper2020``: the 2020 paper's grid (`paper_grid`: 36 MLPs and 2 linear layers); the best
  MLP and the best linear layer by validation loss are each tested (the tables' MLP and linear
  rows).
- ``loss-networks2023``: the 2023 loss-network study's 7 predictors (hidden layers [], [32],
  [64], [32, 32], [64, 32], [64, 64], [128, 128]; LeakyReLU, no output activation, MSE on
  one-hot labels; [] is a single linear layer). That study tests the one predictor with the
  lowest validation loss, so the "mlp" row records that single best of all 7 (its architecture
  column says which, "linear/none" when the linear layer won) and the "linear" row records
  the linear layer, so the tables keep their MLP and linear rows.

Torch-free (the specs are built on demand), so `percae bench --help` starts fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from percae_core.early_stopping import default_patience
from percae_core.registry import Registry

if TYPE_CHECKING:
    from percae_core.evaluation.predictor_result import GridResult, TrainedPredictor
    from percae_core.evaluation.predictor_specs import PredictorSpec

DEFAULT_PROTOCOL = "paper2020"


@dataclass(frozen=True)
class PredictorProtocol:
    """One way of training and testing predictors on an embedding.

    ``hidden`` lists the members' hidden layers (empty: a linear layer), ``activation`` their
    hidden activation; None in ``hidden`` means the 2020 paper's full grid. ``single_best``: the
    "mlp" row records the best member of all by validation loss (the 2023 rule) rather than the
    best MLP.
    """

    name: str
    title: str
    epochs: int
    patience: int
    batch_size: int
    hidden: tuple[tuple[int, ...], ...] | None = None
    activation: str = "relu"
    single_best: bool = False

    def specs(self) -> list[PredictorSpec]:
        """The members, in training order (their seeds follow this order)."""
        from percae_core.evaluation.predictor_specs import PredictorSpec, paper_grid

        if self.hidden is None:
            return paper_grid()
        return [
            PredictorSpec("mlp" if shape else "linear", shape, self.activation, "none")
            for shape in self.hidden
        ]

    def tested(self, grid: GridResult, kind: str) -> TrainedPredictor:
        """The member recorded (and tested) as ``kind`` ('mlp' or 'linear')."""
        if self.single_best and kind == "mlp":
            return min(grid.predictors, key=lambda p: p.val_loss)
        return grid.best(kind)


PREDICTOR_PROTOCOLS: Registry[PredictorProtocol] = Registry("predictor protocol")
PREDICTOR_PROTOCOLS.register(
    DEFAULT_PROTOCOL,
    PredictorProtocol(
        DEFAULT_PROTOCOL,
        "Pihlgren et al. 2020: 36 MLPs (ReLU or Sigmoid, with or without softmax) + 2 linear; "
        "best MLP and best linear tested",
        epochs=500,
        patience=default_patience(500),
        batch_size=256,
    ),
)
PREDICTOR_PROTOCOLS.register(
    "loss-networks2023",
    PredictorProtocol(
        "loss-networks2023",
        "Pihlgren et al. 2023: 7 MLPs with LeakyReLU ([] is linear); the one with the lowest "
        "validation loss tested",
        epochs=500,
        patience=default_patience(500),
        batch_size=256,
        hidden=((), (32,), (64,), (32, 32), (64, 32), (64, 64), (128, 128)),
        activation="leaky_relu",
        single_best=True,
    ),
)


def get_protocol(name: str) -> PredictorProtocol:
    """The protocol ``name``; a `UsageError` listing the known ones when unknown."""
    return PREDICTOR_PROTOCOLS.lookup(name)
