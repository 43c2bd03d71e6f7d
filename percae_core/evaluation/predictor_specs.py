"""The predictors trained on every embedding: the paper's grid of small MLPs plus linear layers.

Paper grid: 1 or 2 hidden layers of 32, 64 or 128 units (the second no wider than the first),
ReLU or Sigmoid hidden activation, no output activation or softmax: 9 x 2 x 2 = 36 MLPs. Linear
regressors are a single linear layer; like the authors' code (which crosses the empty
architecture with the output activations) we train one without and one with a softmax output.

Other protocols (`predictor_protocols.py`) list their own members: the 2023 loss-network study's
7 predictors use a LeakyReLU hidden activation (``leaky_relu``, negative slope 0.01 as
`torch.nn.LeakyReLU`).

Every member starts from weights drawn from its own seeded generator (seed, position in the
grid), with the distribution of `torch.nn.Linear`'s default initialisation, so the batched and
the sequential trainers start from exactly the same weights.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import torch
from torch import nn

from percae_core.errors import UsageError

PredictorKind = Literal["mlp", "linear"]
HIDDEN_SIZES = (32, 64, 128)
ACTIVATIONS = ("relu", "sigmoid", "leaky_relu")
PAPER_ACTIVATIONS = ("relu", "sigmoid")
"""The hidden activations of the paper's grid (`ACTIVATIONS` also has the 2023 LeakyReLU)."""
OUTPUTS = ("none", "softmax")


@dataclass(frozen=True)
class PredictorSpec:
    """One predictor architecture: ``hidden`` is empty for a linear layer."""

    kind: PredictorKind
    hidden: tuple[int, ...] = ()
    activation: str = "relu"
    output: str = "none"

    def __post_init__(self) -> None:
        if self.kind not in ("mlp", "linear"):
            raise UsageError(
                f"Unknown predictor kind {self.kind!r}.", hint="Use 'mlp' or 'linear'."
            )
        if self.kind == "linear" and self.hidden:
            raise UsageError("A linear predictor has no hidden layers.", hint="Pass hidden=().")
        if self.kind == "mlp" and (not self.hidden or any(size <= 0 for size in self.hidden)):
            raise UsageError(
                f"An MLP needs at least one hidden layer of positive width; got {self.hidden}.",
                hint="For example PredictorSpec('mlp', (64, 32)).",
            )
        if self.activation not in ACTIVATIONS:
            raise UsageError(
                f"Unknown hidden activation {self.activation!r}.", hint=f"Use one of {ACTIVATIONS}."
            )
        if self.output not in OUTPUTS:
            raise UsageError(
                f"Unknown output activation {self.output!r}.", hint=f"Use one of {OUTPUTS}."
            )

    @property
    def architecture(self) -> str:
        """Readable name, unique within the grid: 'mlp 128-64 relu/softmax', 'linear/none'."""
        if self.kind == "linear":
            return f"linear/{self.output}"
        return f"mlp {'-'.join(str(size) for size in self.hidden)} {self.activation}/{self.output}"

    def layer_sizes(self, inputs: int, outputs: int) -> list[int]:
        return [inputs, *self.hidden, outputs]


def paper_grid() -> list[PredictorSpec]:
    """The 36 MLPs of the paper's grid followed by the two linear predictors."""
    shapes: list[tuple[int, ...]] = [(size,) for size in HIDDEN_SIZES]
    shapes += [
        (first, second) for first in HIDDEN_SIZES for second in HIDDEN_SIZES if second <= first
    ]
    specs = [
        PredictorSpec("mlp", shape, activation, output)
        for shape in shapes
        for activation in PAPER_ACTIVATIONS
        for output in OUTPUTS
    ]
    specs += [PredictorSpec("linear", (), "relu", output) for output in OUTPUTS]
    return specs


def checked_specs(specs: list[PredictorSpec] | None) -> list[PredictorSpec]:
    """The paper's grid when None; otherwise the list, refused when empty or with repeats."""
    if specs is None:
        return paper_grid()
    specs = list(specs)
    names = [spec.architecture for spec in specs]
    if not specs or len(set(names)) != len(names):
        raise UsageError(
            "The predictor list must be non-empty and name each architecture once.",
            hint="Pass distinct PredictorSpec values, or None for the paper's grid.",
        )
    return specs


def member_generator(seed: int, member: int) -> torch.Generator:
    """The generator that draws the initial weights of grid member ``member``."""
    return torch.Generator().manual_seed(seed * 1_000_003 + member)


def initial_weights(
    spec: PredictorSpec, inputs: int, outputs: int, seed: int, member: int
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Per layer (weight as in x out, bias as out): U(-1/sqrt(in), 1/sqrt(in)) like nn.Linear."""
    generator = member_generator(seed, member)
    sizes = spec.layer_sizes(inputs, outputs)
    layers = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        bound = 1.0 / math.sqrt(fan_in)
        weight = (torch.rand(fan_in, fan_out, generator=generator) * 2 - 1) * bound
        bias = (torch.rand(fan_out, generator=generator) * 2 - 1) * bound
        layers.append((weight, bias))
    return layers


def activation_module(activation: str) -> nn.Module:
    """The hidden activation ``activation`` (one of `ACTIVATIONS`) as a module."""
    modules: dict[str, type[nn.Module]] = {
        "relu": nn.ReLU,
        "sigmoid": nn.Sigmoid,
        "leaky_relu": nn.LeakyReLU,
    }
    return modules[activation]()


def build_body(
    spec: PredictorSpec, weights: list[tuple[torch.Tensor, torch.Tensor]]
) -> nn.Sequential:
    """A plain nn.Sequential of the spec up to its logits (no output activation)."""
    modules: list[nn.Module] = []
    for index, (weight, bias) in enumerate(weights):
        linear = nn.Linear(weight.shape[0], weight.shape[1])
        with torch.no_grad():
            linear.weight.copy_(weight.t())
            linear.bias.copy_(bias)
        modules.append(linear)
        if index < len(weights) - 1:
            modules.append(activation_module(spec.activation))
    return nn.Sequential(*modules)


def build_model(
    spec: PredictorSpec, weights: list[tuple[torch.Tensor, torch.Tensor]]
) -> nn.Sequential:
    """The whole predictor, output activation included."""
    body = build_body(spec, weights)
    return nn.Sequential(*body, nn.Softmax(dim=-1)) if spec.output == "softmax" else body
