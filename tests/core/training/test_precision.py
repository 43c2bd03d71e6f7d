"""Training precision: the loss network always in fp32, the precision recorded with each fit."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from percae_core.errors import UsageError
from percae_core.models.autoencoder import ConvAutoencoder
from percae_core.models.variants import get_variant
from percae_core.training.config import FitConfig
from percae_core.training.fit import fit_autoencoder, load_trained_autoencoder
from percae_core.training.precision import check_precision, resolve_precision
from percae_core.training.reconstruction_loss import ReconstructionLoss
from percae_core.training.speed import SpeedPlan
from percae_core.training.train_step import build_train_step


class Spy(nn.Module):
    """A loss network that notes the dtype it was given and whether autocast was on."""

    def __init__(self, network: nn.Module) -> None:
        super().__init__()
        self.network = network
        self.calls: list[tuple[torch.dtype, bool]] = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.calls.append((x.dtype, torch.is_autocast_enabled("cpu")))
        return self.network(x)

    def distance(self, a: tuple[torch.Tensor, ...], b: tuple[torch.Tensor, ...]) -> torch.Tensor:
        self.calls.append((a[0].dtype, torch.is_autocast_enabled("cpu")))
        return self.network.distance(a, b)


def test_under_bf16_the_loss_network_and_its_distance_run_in_fp32(random_alexnet) -> None:
    spy = Spy(random_alexnet)
    torch.manual_seed(0)
    model = ConvAutoencoder((64, 64), 8, False)
    plan = SpeedPlan("cpu", bf16=True, channels_last=False, compile=False)
    step = build_train_step(model, ReconstructionLoss(get_variant("pae"), 0.01, spy), plan, 1e-3)
    parts = step(torch.rand(2, 3, 64, 64))
    assert spy.calls and all(call == (torch.float32, False) for call in spy.calls)
    assert parts.rec.dtype == torch.float32
    assert plan.precision == "bf16"


def test_a_fit_records_the_precision_it_used(splits, tmp_path) -> None:
    train, val = splits
    config = FitConfig(
        variant=get_variant("ae"),
        z=4,
        epochs=1,
        batch_size=4,
        device="cpu",
        data_id="test",
        precision="fp32",
    )
    result = fit_autoencoder(
        train, val, config, loss_network=None, checkpoint=tmp_path / "c.pt", run="fp32 fit"
    )
    assert result.precision == "fp32"
    assert load_trained_autoencoder(tmp_path / "c.pt")[1].precision == "fp32"
    assert config.identity()["precision"] == "fp32"
    unset = FitConfig(variant=get_variant("ae"), z=4, data_id="test")
    assert "precision" not in unset.identity()  # checkpoints from before still resume


def test_precision_choices_resolve_to_what_is_recorded() -> None:
    cpu = torch.device("cpu")
    assert resolve_precision("fp32", cpu) == "fp32" and resolve_precision("BF16", cpu) == "bf16"
    assert resolve_precision("auto", cpu) in ("fp32", "bf16")
    with pytest.raises(UsageError, match="fp32, bf16"):
        check_precision("fp16")
