"""Predictor protocols: the 2020 grid and the 2023 study's 7 LeakyReLU predictors, which member
each records, and that the LeakyReLU predictors really train."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from percae_core.errors import UsageError
from percae_core.evaluation import evaluate, paper_grid, run_predictor_grid
from percae_core.evaluation.predictor_protocols import (
    DEFAULT_PROTOCOL,
    PREDICTOR_PROTOCOLS,
    get_protocol,
)
from percae_core.evaluation.predictor_specs import build_model, initial_weights


def classification_problem(n: int, dim: int = 6, classes: int = 3, seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, dim, generator=g)
    y = (x[:, :classes] * torch.tensor([1.0, 1.3, 0.8])).argmax(dim=1)
    return x, y


def test_the_registry_holds_the_2020_grid_and_the_2023_predictors():
    assert PREDICTOR_PROTOCOLS.names() == [DEFAULT_PROTOCOL, "loss-networks2023"]
    assert get_protocol(DEFAULT_PROTOCOL).specs() == paper_grid()
    specs = get_protocol("loss-networks2023").specs()
    assert [s.hidden for s in specs] == [(), (32,), (64,), (32, 32), (64, 32), (64, 64), (128, 128)]
    assert [s.kind for s in specs] == ["linear"] + ["mlp"] * 6
    assert {s.activation for s in specs} == {"leaky_relu"} and {s.output for s in specs} == {"none"}
    with pytest.raises(UsageError, match="Unknown predictor protocol 'nope'"):
        get_protocol("nope")


def test_the_2023_epochs_and_patience_are_its_code_s():
    protocol = get_protocol("loss-networks2023")
    assert (protocol.epochs, protocol.patience, protocol.batch_size) == (500, 25, 256)


def test_a_leaky_relu_member_is_built_with_nn_leaky_relu():
    spec = get_protocol("loss-networks2023").specs()[3]
    model = build_model(spec, initial_weights(spec, 6, 3, seed=0, member=3))
    assert [type(m) for m in model] == [nn.Linear, nn.LeakyReLU, nn.Linear, nn.LeakyReLU, nn.Linear]


def test_the_2023_protocol_trains_and_records_the_single_best_as_mlp():
    x, y = classification_problem(600)
    protocol = get_protocol("loss-networks2023")
    grid = run_predictor_grid(
        x[:400], y[:400], x[400:500], y[400:500], task="classification", num_outputs=3,
        epochs=30, patience=5, seed=1, batch_size=64, specs=protocol.specs(),
    )  # fmt: skip
    best = min(grid.predictors, key=lambda p: p.val_loss)
    assert protocol.tested(grid, "mlp") is best
    assert protocol.tested(grid, "linear").spec.hidden == ()
    assert evaluate(best, x[500:], y[500:], "classification") > 0.8  # chance is 1/3


def test_the_2020_protocol_records_the_best_mlp_and_the_best_linear():
    x, y = classification_problem(300)
    protocol = get_protocol(DEFAULT_PROTOCOL)
    grid = run_predictor_grid(
        x[:200], y[:200], x[200:], y[200:], task="classification", num_outputs=3,
        epochs=2, patience=2, seed=1, batch_size=64,
    )  # fmt: skip
    assert protocol.tested(grid, "mlp") is grid.best("mlp")
    assert protocol.tested(grid, "linear") is grid.best("linear")
    assert protocol.tested(grid, "mlp").spec.kind == "mlp"
