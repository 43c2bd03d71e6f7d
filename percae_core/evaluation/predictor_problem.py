"""What the batched and the sequential predictor trainers share: input checks, the scaling of
inputs and targets, the loss, the minibatch order and the early-stopping rule.

Scaling (documented in docs/predictors.md): inputs are standardised per dimension with the
training split's mean and standard deviation (a dimension whose deviation is below 1e-8 is only
centred). Position targets are centred with the training mean and divided by one pooled standard
deviation for both coordinates, so the training loss stays proportional to the squared distance
in pixels; predictions are mapped back to pixels before any metric sees them.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from percae_core.data.description import predicts_vector
from percae_core.errors import DeviceError, PercaeError, UsageError

LOSSES = ("mse", "cross_entropy")
TASKS = ("position", "classification", "regression")
LEARNING_RATE = 1e-3
EVAL_CHUNK = 4096


def resolve_device(device: torch.device | str) -> torch.device:
    """'auto' -> cuda when present; a cuda device that is absent is a DeviceError."""
    if isinstance(device, str) and device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        resolved = torch.device(device)
    except RuntimeError:
        raise UsageError(f"Unknown device {device!r}.", hint="Use cpu, cuda or auto.") from None
    if resolved.type == "cuda" and not torch.cuda.is_available():
        raise DeviceError(
            "A CUDA device was requested for the predictors but PyTorch sees no GPU here.",
            hint="Use --device cpu (or auto), or install a CUDA build of PyTorch.",
        )
    return resolved


def make_optimizer(parameters: list[torch.Tensor]) -> torch.optim.Optimizer:
    """Adam with default settings (as the original); the fused kernel where this PyTorch has it.

    Both trainers use this, so the batched/sequential comparison measures batching alone.
    """
    try:
        return torch.optim.Adam(parameters, lr=LEARNING_RATE, fused=True)
    except (RuntimeError, TypeError):
        return torch.optim.Adam(parameters, lr=LEARNING_RATE)


@dataclass
class Scaling:
    """Input standardisation and (for positions) target scaling, fitted on the training split."""

    input_mean: torch.Tensor
    input_std: torch.Tensor
    target_mean: torch.Tensor | None = None
    target_scale: float = 1.0

    def inputs(self, x: torch.Tensor) -> torch.Tensor:
        x = x.to(self.input_mean.device, torch.float32)
        return (x - self.input_mean) / self.input_std

    def to_pixels(self, scaled: torch.Tensor) -> torch.Tensor:
        assert self.target_mean is not None
        return scaled * self.target_scale + self.target_mean

    def to(self, device: torch.device) -> Scaling:
        mean = None if self.target_mean is None else self.target_mean.to(device)
        return Scaling(
            self.input_mean.to(device), self.input_std.to(device), mean, self.target_scale
        )


@dataclass
class Problem:
    """Scaled tensors on the training device, ready for either trainer."""

    task: str
    loss: str
    num_outputs: int
    scaling: Scaling
    train_x: torch.Tensor
    train_t: torch.Tensor
    val_x: torch.Tensor
    val_t: torch.Tensor

    @property
    def inputs(self) -> int:
        return int(self.train_x.shape[1])


def _check(x: torch.Tensor, y: torch.Tensor, part: str, task: str, num_outputs: int) -> None:
    if x.dim() != 2 or len(x) == 0:
        raise UsageError(
            f"The {part} embeddings must be a non-empty N x dim matrix; got shape {tuple(x.shape)}."
        )
    if len(y) != len(x):
        raise UsageError(f"The {part} split has {len(x)} embeddings but {len(y)} labels.")
    if not torch.isfinite(x).all():
        raise PercaeError(
            f"The {part} embeddings contain NaN or infinite values, so no predictor can be trained on them.",
            hint="The autoencoder probably diverged: retrain it (a lower learning rate or --gamma helps).",
        )
    if predicts_vector(task) and (y.dim() != 2 or y.shape[1] != num_outputs):
        raise UsageError(
            f"Target values must be N x {num_outputs}; got {tuple(y.shape)} for the {part} split."
        )
    if task == "classification":
        labels = y.reshape(-1)
        if labels.is_floating_point() or labels.min() < 0 or labels.max() >= num_outputs:
            raise UsageError(
                f"Class labels of the {part} split must be integers in [0, {num_outputs}).",
            )


def prepare_problem(
    train_x: torch.Tensor,
    train_y: torch.Tensor,
    val_x: torch.Tensor,
    val_y: torch.Tensor,
    *,
    task: str,
    num_outputs: int,
    loss: str,
    device: torch.device,
) -> Problem:
    if task not in TASKS:
        raise UsageError(
            f"Unknown predictor task {task!r}.", hint=f"Use one of: {', '.join(TASKS)}."
        )
    if loss not in LOSSES:
        raise UsageError(f"Unknown predictor loss {loss!r}.", hint="Use 'mse' or 'cross_entropy'.")
    if loss == "cross_entropy" and task != "classification":
        raise UsageError(
            f"Cross-entropy needs class labels; the {task} task is trained with MSE.",
            hint="Use loss='mse'.",
        )
    _check(train_x, train_y, "training", task, num_outputs)
    _check(val_x, val_y, "validation", task, num_outputs)
    if val_x.shape[1] != train_x.shape[1]:
        raise UsageError(
            f"Training embeddings have {train_x.shape[1]} dimensions but validation ones {val_x.shape[1]}."
        )
    x = train_x.detach().to(device, torch.float32)
    std = x.std(dim=0, unbiased=False)
    scaling = Scaling(x.mean(dim=0), torch.where(std > 1e-8, std, torch.ones_like(std)))
    if predicts_vector(task):
        y = train_y.detach().to(device, torch.float32)
        scaling.target_mean = y.mean(dim=0)
        pooled = float(y.var(dim=0, unbiased=False).mean().sqrt())
        scaling.target_scale = pooled if pooled > 1e-8 else 1.0

    def targets(labels: torch.Tensor) -> torch.Tensor:
        if scaling.target_mean is not None:  # set above for the position task only
            return (
                labels.detach().to(device, torch.float32) - scaling.target_mean
            ) / scaling.target_scale
        labels = labels.detach().reshape(-1).to(device).long()
        return labels if loss == "cross_entropy" else F.one_hot(labels, num_outputs).float()

    return Problem(
        task,
        loss,
        num_outputs,
        scaling,
        scaling.inputs(train_x),
        targets(train_y),
        scaling.inputs(val_x),
        targets(val_y),
    )


def member_loss_sums(
    logits: torch.Tensor, softmax: torch.Tensor, targets: torch.Tensor, loss: str
) -> torch.Tensor:
    """Per member (dim 0 of the M x B x O logits) the sum over the batch of the per-sample loss.

    ``softmax`` (M x 1 x 1, bool) says which members end in a softmax. MSE is taken on the
    member's output (after its output activation), averaged over the output units. Cross-entropy
    is taken on the logits: softmax + log-likelihood is the same objective for both output kinds.
    """
    members, batch, outputs = logits.shape
    if loss == "cross_entropy":
        per_sample = F.cross_entropy(
            logits.reshape(members * batch, outputs), targets.repeat(members), reduction="none"
        )
        return per_sample.view(members, batch).sum(dim=1)
    out = torch.where(softmax, torch.softmax(logits, dim=-1), logits)
    return (out - targets).pow(2).mean(dim=2).sum(dim=1)


class EpochOrders:
    """The same sequence of per-epoch random permutations for every member and both trainers."""

    def __init__(self, samples: int, seed: int) -> None:
        self.samples = samples
        self.generator = torch.Generator().manual_seed(seed)

    def next(self) -> torch.Tensor:
        return torch.randperm(self.samples, generator=self.generator)


class EarlyStopping:
    """Per member: best validation loss so far, its epoch, epochs without improvement, stopped."""

    def __init__(self, members: int, patience: int) -> None:
        if patience < 1:
            raise UsageError(f"Patience must be at least 1 epoch; got {patience}.")
        self.patience = patience
        self.best = torch.full((members,), float("inf"), dtype=torch.float64)
        self.best_epoch = torch.zeros(members, dtype=torch.long)
        self.epochs_run = torch.zeros(members, dtype=torch.long)
        self.bad = torch.zeros(members, dtype=torch.long)
        self.active = torch.ones(members, dtype=torch.bool)

    def update(self, epoch: int, val_loss: torch.Tensor) -> torch.Tensor:
        """Record one epoch's validation losses (of all members; stopped ones are ignored).

        Returns the mask of members whose weights are the new best and must be kept.
        """
        val_loss = val_loss.detach().cpu().double()
        improved = self.active & torch.isfinite(val_loss) & (val_loss < self.best)
        self.best = torch.where(improved, val_loss, self.best)
        self.best_epoch = torch.where(
            improved, torch.full_like(self.best_epoch, epoch), self.best_epoch
        )
        self.bad = torch.where(improved, torch.zeros_like(self.bad), self.bad + self.active.long())
        self.epochs_run = torch.where(
            self.active, torch.full_like(self.epochs_run, epoch), self.epochs_run
        )
        self.active = self.active & (self.bad < self.patience)
        return improved
