"""Repeats of a cell vary every source of randomness (the autoencoder's weights and batch order,
the VAE's noise, the predictors' initialisation and order, the retrained decoder's weights and
batches) while Table I's split stays the same, as in the paper's repeats. A tiny toy study with
`--repeats 2` runs, and each source is recorded as the cell draws it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest
import torch
from toy_entries import TOY

from percae_core.evaluation import predictor_grid
from percae_core.models.variants import VARIANTS
from percae_core.paths import Home
from percae_core.runner import cell_run
from percae_core.runner.bench import prepare_plan, run_plan
from percae_core.runner.plan import BenchRequest
from percae_core.training import decoder_retrain, fit_session


def _first(drawn: Any) -> torch.Tensor:
    """A drawn value as one flat tensor (a state dict, a tensor, nested lists of arrays)."""
    if isinstance(drawn, dict):
        return _first(list(drawn.values()))
    if isinstance(drawn, list | tuple):
        return torch.cat([_first(part) for part in drawn])
    return torch.as_tensor(drawn).detach().flatten().float()


def test_repeats_differ_in_every_source_of_randomness_and_share_the_split(
    toy_registered: None, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: dict[str, dict[int, list[torch.Tensor]]] = defaultdict(lambda: defaultdict(list))
    current: list[int] = []

    def note(source: str, value: Any) -> None:
        if current:  # draws outside a cell (the reference baselines) are not a repeat's
            drawn[source][current[-1]].append(_first(value))

    def spy(module: object, name: str, record: Callable[[Any, tuple, dict], None]) -> None:
        real = getattr(module, name)

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            result = real(*args, **kwargs)
            record(result, args, kwargs)
            return result

        monkeypatch.setattr(module, name, wrapped)

    real_cell = cell_run._run_cell_locked

    def in_cell(cell: Any, cell_id: int, parts: Any, ctx: Any) -> list[str]:
        current.append(cell.repeat)
        note("split", torch.as_tensor(parts.pred_train.indices))
        note("split", torch.as_tensor(parts.test.indices))
        return real_cell(cell, cell_id, parts, ctx)

    monkeypatch.setattr(cell_run, "_run_cell_locked", in_cell)
    spy(fit_session, "ConvAutoencoder", lambda m, a, k: note("weights", m.state_dict()))
    spy(fit_session, "epoch_order", lambda order, a, k: note("batch order", order))
    spy(torch, "randn_like", lambda noise, a, k: note("VAE noise", noise))
    spy(predictor_grid, "initial_weights", lambda w, a, k: note("predictor init", w))
    orders = predictor_grid.EpochOrders

    class SpiedOrders(orders):  # type: ignore[misc, valid-type]
        def next(self) -> torch.Tensor:
            order = super().next()
            note("predictor order", order)
            return order

    monkeypatch.setattr(predictor_grid, "EpochOrders", SpiedOrders)
    spy(decoder_retrain, "ConvDecoder", lambda m, a, k: note("decoder weights", m.state_dict()))

    def shuffled(rows: Any, args: tuple, kwargs: dict) -> None:
        if args[2] is not None:  # the training batches (validation and test are not shuffled)
            note("decoder batches", rows)

    spy(decoder_retrain, "_batches", shuffled)

    vae = next(v.name for v in VARIANTS.values() if v.variational and not v.perceptual)
    home = Home(tmp_path / "home").ensure()
    request = BenchRequest(
        datasets=(TOY.name,), profile="smoke", variants=(vae,), epochs=1, batch_size=32, repeats=2
    )
    run_plan(prepare_plan(request, home), home)

    assert current == [0, 1]
    sources = (
        "weights",
        "batch order",
        "VAE noise",
        "predictor init",
        "predictor order",
        "decoder weights",
        "decoder batches",
    )
    for source in sources:
        first, second = drawn[source][0], drawn[source][1]
        assert first and len(first) == len(second), source
        assert not torch.equal(first[0], second[0]), f"{source} is the same in both repeats"
    assert all(torch.equal(a, b) for a, b in zip(drawn["split"][0], drawn["split"][1]))
