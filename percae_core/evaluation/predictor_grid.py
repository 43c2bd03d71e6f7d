"""The predictor grid trained all at once: stacked parameters, one optimizer, per-member stopping.

Members with the same layer sizes form a group whose weights are stacked along a leading model
dimension (M x in x out) and run with one batched matmul per layer; a member's hidden and output
activations are chosen by masks. Every member sees the same minibatches and its loss is summed
into one scalar, so one backward pass and one Adam step (element-wise, hence exactly per-member
Adam) train the whole grid. After each epoch the validation loss of every member is computed over
the full validation split; improved members copy their weights into a best-weights store,
members out of patience are masked out of the loss, and a group whose members have all stopped
is no longer run. `run_predictor_grid_sequential` (predictor_sequential.py) trains the same
members one after another and serves as the reference for correctness and speed.
"""

from __future__ import annotations

import functools
import operator
import time
from collections.abc import Callable
from typing import TypedDict

import torch
import torch.nn.functional as F

from percae_core.errors import DeviceError, Interrupted
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
from percae_core.evaluation.predictor_sequential import run_predictor_grid_sequential
from percae_core.evaluation.predictor_specs import (
    ACTIVATIONS,
    PredictorSpec,
    build_model,
    checked_specs,
    initial_weights,
)
from percae_core.events import EventSink, TaskAdvanced, TaskFinished, TaskStarted, ignore_events
from percae_core.stop_request import StopCheck, stop_requested, stopped


class StackedGroup:
    """Grid members with the same layer sizes, their parameters stacked along dimension 0.

    Members are ordered by hidden activation (in `ACTIVATIONS` order: ReLU, Sigmoid, LeakyReLU),
    so each hidden layer runs one batched matmul and one activation per run of members.
    """

    def __init__(
        self,
        members: list[int],
        specs: list[PredictorSpec],
        problem: Problem,
        seed: int,
        device: torch.device,
    ):
        order = sorted(range(len(members)), key=lambda i: ACTIVATIONS.index(specs[i].activation))
        self.members = [members[i] for i in order]
        self.specs = [specs[i] for i in order]
        self.index = torch.tensor(self.members)
        initial = [
            initial_weights(spec, problem.inputs, problem.num_outputs, seed, member)
            for spec, member in zip(self.specs, self.members)
        ]
        layers = range(len(initial[0]))
        self.weights = [
            torch.stack([w[i][0] for w in initial]).to(device).requires_grad_() for i in layers
        ]
        self.biases = [
            torch.stack([w[i][1] for w in initial]).unsqueeze(1).to(device).requires_grad_()
            for i in layers
        ]
        self.runs = _activation_runs([spec.activation for spec in self.specs])
        self.softmax = torch.tensor(
            [spec.output == "softmax" for spec in self.specs], device=device
        ).view(-1, 1, 1)
        self.best = [p.detach().clone() for p in self.parameters()]

    def parameters(self) -> list[torch.Tensor]:
        return [*self.weights, *self.biases]

    def _activation(self, h: torch.Tensor) -> torch.Tensor:
        if len(self.runs) == 1:
            return _ACTIVATION_FUNCTIONS[self.runs[0][0]](h)
        return torch.cat(
            [_ACTIVATION_FUNCTIONS[name](h[start:stop]) for name, start, stop in self.runs]
        )

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        """M x B x outputs for a batch x (B x inputs) shared by all members."""
        h = x.expand(len(self.members), *x.shape)
        last = len(self.weights) - 1
        for layer, (weight, bias) in enumerate(zip(self.weights, self.biases)):
            h = torch.baddbmm(bias, h, weight)
            if layer < last:
                h = self._activation(h)
        return h

    def keep_best(self, improved: torch.Tensor) -> None:
        mask = improved[self.index].to(self.softmax.device)
        if not bool(mask.any()):
            return
        with torch.no_grad():
            for best, live in zip(self.best, self.parameters()):
                best.copy_(torch.where(mask.view(-1, 1, 1), live, best))

    def best_weights(self, position: int) -> list[tuple[torch.Tensor, torch.Tensor]]:
        layers = len(self.weights)
        return [(self.best[i][position], self.best[layers + i][position, 0]) for i in range(layers)]


_ACTIVATION_FUNCTIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "relu": F.relu,
    "sigmoid": torch.sigmoid,
    "leaky_relu": F.leaky_relu,
}
"""The batched form of each hidden activation (`activation_module` is the sequential one)."""


def _activation_runs(activations: list[str]) -> list[tuple[str, int, int]]:
    """(activation, start, stop) for each run of equal activations in ``activations``."""
    runs: list[tuple[str, int, int]] = []
    for index, name in enumerate(activations):
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1], index + 1)
        else:
            runs.append((name, index, index + 1))
    return runs


def group_key(spec: PredictorSpec) -> tuple:
    """Members sharing a key (layer sizes and hidden activation) train as one stacked group."""
    return (spec.kind, spec.hidden, spec.activation)


def _groups(
    specs: list[PredictorSpec], problem: Problem, seed: int, device: torch.device
) -> list[StackedGroup]:
    by_key: dict[tuple, list[int]] = {}
    for member, spec in enumerate(specs):
        by_key.setdefault(group_key(spec), []).append(member)
    return [
        StackedGroup(members, [specs[m] for m in members], problem, seed, device)
        for members in by_key.values()
    ]


@torch.no_grad()
def _validation_losses(
    groups: list[StackedGroup], problem: Problem, members: int, active: torch.Tensor
) -> torch.Tensor:
    losses = torch.full((members,), float("inf"), dtype=torch.float64)
    count = len(problem.val_x)
    for group in groups:
        if not bool(active[group.index].any()):
            continue
        total = torch.zeros(len(group.members), dtype=torch.float64, device=problem.val_x.device)
        for start in range(0, count, EVAL_CHUNK):
            x = problem.val_x[start : start + EVAL_CHUNK]
            t = problem.val_t[start : start + EVAL_CHUNK]
            total += member_loss_sums(group.logits(x), group.softmax, t, problem.loss).double()
        losses[group.index] = (total / count).cpu()
    return losses


def run_predictor_grid(
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
    on_event: EventSink = ignore_events,
    should_stop: StopCheck = None,
) -> GridResult:
    """Train every predictor of ``specs`` (default: the paper's grid) together on embeddings.

    Labels: positions in pixels (N x 2, float) or class indices (N,). Early stopping on the
    validation loss per member; each member keeps its best-validation weights. A stop request
    (``should_stop``, polled every batch) raises `Interrupted` and returns no predictor.
    """
    specs = checked_specs(specs)
    device = resolve_device(device)
    problem = prepare_problem(
        train_x, train_y, val_x, val_y, task=task, num_outputs=num_outputs, loss=loss, device=device
    )
    started = time.perf_counter()
    groups = _groups(specs, problem, seed, device)
    optimizer = make_optimizer([p for g in groups for p in g.parameters()])
    stopping = EarlyStopping(len(specs), patience)
    orders = EpochOrders(len(problem.train_x), seed)
    on_event(
        TaskStarted("predictor-grid", f"predictor grid ({len(specs)} models)", epochs, "epochs")
    )
    epoch = 0
    try:
        for epoch in range(1, epochs + 1):
            running = [(g, stopping.active[g.index].to(device).float()) for g in groups]
            running = [(g, mask) for g, mask in running if bool(mask.any())]
            order = orders.next().to(device)
            for start in range(0, len(order), batch_size):
                if stop_requested(should_stop):
                    raise stopped("The predictor grid", f"epoch {epoch} of {epochs}")
                rows = order[start : start + batch_size]
                x, t = problem.train_x[rows], problem.train_t[rows]
                optimizer.zero_grad(set_to_none=True)
                total = functools.reduce(
                    operator.add,
                    (
                        (member_loss_sums(g.logits(x), g.softmax, t, problem.loss) * mask).sum()
                        for g, mask in running
                    ),
                )
                (total / len(rows)).backward()
                optimizer.step()
            improved = stopping.update(
                epoch, _validation_losses(groups, problem, len(specs), stopping.active)
            )
            for group in groups:
                group.keep_best(improved)
            on_event(TaskAdvanced("predictor-grid"))
            if not bool(stopping.active.any()):
                break
    except KeyboardInterrupt:
        raise Interrupted(
            f"Predictor training was stopped during epoch {epoch} of {epochs}; no predictor result was kept "
            "for this embedding (the autoencoder and its stored results are untouched).",
            hint="Run the command again: finished cells are skipped and this one is redone.",
        ) from None
    except torch.cuda.OutOfMemoryError:
        raise DeviceError(
            f"The {device} device ran out of memory training {len(specs)} predictors at batch size {batch_size}.",
            hint="Use a smaller predictor batch size or --device cpu.",
        ) from None
    finally:
        on_event(TaskFinished("predictor-grid"))
    predictors = []
    for group in groups:
        for position, member in enumerate(group.members):
            model = build_model(specs[member], group.best_weights(position)).to(device)
            predictors.append(
                TrainedPredictor(
                    spec=specs[member],
                    val_loss=float(stopping.best[member]),
                    best_epoch=int(stopping.best_epoch[member]),
                    epochs_run=int(stopping.epochs_run[member]),
                    task=task,
                    model=model,
                    scaling=problem.scaling,
                )
            )
    predictors.sort(key=lambda p: specs.index(p.spec))
    return GridResult(predictors, seconds=time.perf_counter() - started, epochs_run=epoch)


class _TimingOptions(TypedDict):
    """The keyword arguments both trainers get when they are timed against each other."""

    task: str
    num_outputs: int
    epochs: int
    patience: int
    seed: int
    device: torch.device | str
    batch_size: int


def time_predictor_grid(
    n: int = 8000,
    dim: int = 64,
    *,
    val_n: int = 2000,
    epochs: int = 50,
    batch_size: int = 256,
    task: str = "position",
    num_outputs: int = 2,
    seed: int = 0,
    device: torch.device | str = "cpu",
) -> dict[str, float]:
    """Seconds for the whole paper grid, batched and sequential, on a synthetic embedding.

    Patience equals ``epochs`` so both trainers do the same fixed amount of work.
    """
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(n + val_n, dim, generator=generator)
    mixing = torch.randn(dim, num_outputs, generator=generator)
    signal = torch.tanh(x @ mixing)
    y = signal * 16 + 32 if task == "position" else signal.argmax(dim=1)
    args = (x[:n], y[:n], x[n:], y[n:])
    options: _TimingOptions = {
        "task": task,
        "num_outputs": num_outputs,
        "epochs": epochs,
        "patience": epochs,
        "seed": seed,
        "device": device,
        "batch_size": batch_size,
    }
    warm_up: _TimingOptions = {**options, "epochs": 1, "patience": 1}
    for trainer in (run_predictor_grid, run_predictor_grid_sequential):
        trainer(
            x[:batch_size], y[:batch_size], x[n : n + batch_size], y[n : n + batch_size], **warm_up
        )
    batched = run_predictor_grid(*args, **options)
    sequential = run_predictor_grid_sequential(*args, **options)
    largest_gap = max(
        abs(batched.val_losses[a] - sequential.val_losses[a])
        / max(abs(sequential.val_losses[a]), 1e-12)
        for a in batched.val_losses
    )
    return {
        "batched_s": batched.seconds,
        "sequential_s": sequential.seconds,
        "speedup": sequential.seconds / batched.seconds,
        "models": float(len(batched.predictors)),
        "max_relative_val_loss_gap": largest_gap,
    }
