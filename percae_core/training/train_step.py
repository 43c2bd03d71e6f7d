"""One optimisation step of an autoencoder, shared by `fit_autoencoder` and `percae perf`.

Keeping the step in one place means the speed `percae perf` reports is the speed of the code
that trains the study's autoencoders, not of a copy of it. The step queues work and returns the
loss parts as tensors: it never waits for the device (no `.item()`), so on a GPU the host runs
ahead and prepares the next batch while this one computes.
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from percae_core.models.autoencoder import ConvAutoencoder
from percae_core.models.loss_networks import LossNetwork
from percae_core.training.reconstruction_loss import LossParts, ReconstructionLoss
from percae_core.training.speed import SpeedPlan


def prepare_model(
    model: ConvAutoencoder, plan: SpeedPlan
) -> Callable[..., tuple[torch.Tensor, ...]]:
    """Lay ``model`` out for ``plan`` and return the callable to run it with.

    The returned callable is the compiled module when the plan compiles; weights, state dicts
    and checkpoints always go through ``model`` itself (a compiled wrapper renames its keys).
    """
    if plan.channels_last:
        model.to(memory_format=torch.channels_last)
    if plan.compile:
        return torch.compile(model)
    return model


class TrainStep:
    """``step(x) -> LossParts``: zero grads, forward and loss under the plan, backward, Adam."""

    def __init__(
        self,
        forward: Callable[..., tuple[torch.Tensor, ...]],
        objective: ReconstructionLoss,
        optimizer: torch.optim.Optimizer,
        plan: SpeedPlan,
    ) -> None:
        self.forward = forward
        self.objective = objective
        self.optimizer = optimizer
        self.plan = plan

    def losses(self, x: torch.Tensor) -> LossParts:
        """The loss parts of a batch (used by validation too).

        Only the autoencoder runs under the plan's autocast; the objective (the perceptual loss
        network and its feature distance, the pixel MSE, the KLD) runs in fp32 outside it, since
        a bf16 loss network misreads small perceptual errors (docs/benchmarks.md).
        """
        with self.plan.autocast():
            reconstruction, mu, logvar = self.forward(x)
        return self.objective(reconstruction.float(), x.float(), mu.float(), logvar.float())

    def __call__(self, x: torch.Tensor) -> LossParts:
        self.optimizer.zero_grad(set_to_none=True)
        parts = self.losses(x)
        parts.total.backward()
        self.optimizer.step()
        return parts


def build_train_step(
    model: ConvAutoencoder,
    objective: ReconstructionLoss,
    plan: SpeedPlan,
    lr: float,
) -> TrainStep:
    """The model laid out for ``plan`` and an Adam step over its parameters."""
    forward = prepare_model(model, plan)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, fused=plan.fused_optimizer or None)
    return TrainStep(forward, objective, optimizer, plan)


def frozen_loss_network(
    network: LossNetwork | None, device: torch.device, plan: SpeedPlan
) -> LossNetwork | None:
    """The loss network on ``device`` in the plan's memory layout."""
    if network is None:
        return None
    network.to(device)
    if plan.channels_last:
        network.to(memory_format=torch.channels_last)
    return network
