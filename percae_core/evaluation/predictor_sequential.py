"""The predictor grid trained the plain way, one nn.Sequential after another.

Same initial weights, minibatch order, loss, optimizer and early-stopping rule as the batched
trainer (predictor_grid.py); it exists as the reference that the batched trainer is checked and
timed against.
"""

from __future__ import annotations

import copy
import time

import torch

from percae_core.evaluation.predictor_problem import (
    EVAL_CHUNK,
    EarlyStopping,
    EpochOrders,
    Problem,
    make_optimizer,
    member_loss_sums,
    prepare_problem,
    resolve_device,
)
from percae_core.evaluation.predictor_result import GridResult, TrainedPredictor
from percae_core.evaluation.predictor_specs import (
    PredictorSpec,
    build_body,
    checked_specs,
    initial_weights,
)


def _train_one(
    spec: PredictorSpec,
    member: int,
    problem: Problem,
    *,
    epochs: int,
    patience: int,
    seed: int,
    batch_size: int,
) -> tuple[torch.nn.Sequential, EarlyStopping]:
    device = problem.train_x.device
    body = build_body(
        spec, initial_weights(spec, problem.inputs, problem.num_outputs, seed, member)
    ).to(device)
    softmax = torch.tensor(spec.output == "softmax", device=device).view(1, 1, 1)
    optimizer = make_optimizer(list(body.parameters()))
    stopping = EarlyStopping(1, patience)
    orders = EpochOrders(len(problem.train_x), seed)
    best = copy.deepcopy(body.state_dict())
    for epoch in range(1, epochs + 1):
        order = orders.next().to(device)
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            optimizer.zero_grad(set_to_none=True)
            loss = member_loss_sums(
                body(problem.train_x[rows]).unsqueeze(0),
                softmax,
                problem.train_t[rows],
                problem.loss,
            )
            (loss.sum() / len(rows)).backward()
            optimizer.step()
        with torch.no_grad():
            total = 0.0
            for start in range(0, len(problem.val_x), EVAL_CHUNK):
                logits = body(problem.val_x[start : start + EVAL_CHUNK]).unsqueeze(0)
                total += float(
                    member_loss_sums(
                        logits, softmax, problem.val_t[start : start + EVAL_CHUNK], problem.loss
                    )
                )
        if bool(stopping.update(epoch, torch.tensor([total / len(problem.val_x)]))[0]):
            best = copy.deepcopy(body.state_dict())
        if not bool(stopping.active[0]):
            break
    body.load_state_dict(best)
    model = (
        torch.nn.Sequential(*body, torch.nn.Softmax(dim=-1)) if spec.output == "softmax" else body
    )
    return model, stopping


def run_predictor_grid_sequential(
    train_x: torch.Tensor,
    train_y: torch.Tensor,
    val_x: torch.Tensor,
    val_y: torch.Tensor,
    *,
    task: str,
    num_outputs: int,
    epochs: int,
    patience: int,
    seed: int,
    device: torch.device | str = "cpu",
    batch_size: int = 256,
    loss: str = "mse",
    specs: list[PredictorSpec] | None = None,
) -> GridResult:
    """Same contract and results (within float noise) as `run_predictor_grid`, one model at a time."""
    specs = checked_specs(specs)
    device = resolve_device(device)
    problem = prepare_problem(
        train_x, train_y, val_x, val_y, task=task, num_outputs=num_outputs, loss=loss, device=device
    )
    started = time.perf_counter()
    predictors = []
    for member, spec in enumerate(specs):
        model, stopping = _train_one(
            spec,
            member,
            problem,
            epochs=epochs,
            patience=patience,
            seed=seed,
            batch_size=batch_size,
        )
        predictors.append(
            TrainedPredictor(
                spec=spec,
                val_loss=float(stopping.best[0]),
                best_epoch=int(stopping.best_epoch[0]),
                epochs_run=int(stopping.epochs_run[0]),
                task=task,
                model=model,
                scaling=problem.scaling,
            )
        )
    epochs_run = max(p.epochs_run for p in predictors)
    return GridResult(predictors, seconds=time.perf_counter() - started, epochs_run=epochs_run)
