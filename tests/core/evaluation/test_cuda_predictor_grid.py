"""The batched predictor grid on a CUDA GPU: the same members and results as on the CPU.
Marked `cuda`; skipped without a GPU (`scripts/gpu-acceptance` runs it on one)."""

from __future__ import annotations

import pytest
import torch

from percae_core.evaluation import PredictorSpec, run_predictor_grid
from percae_core.evaluation.predictor_grid import time_predictor_grid

pytestmark = [
    pytest.mark.cuda,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU"),
]
SPECS = [
    PredictorSpec("mlp", (32,), "relu", "none"),
    PredictorSpec("mlp", (64, 32), "sigmoid", "none"),
    PredictorSpec("linear", (), "relu", "none"),
]


def problem(n: int = 600, dim: int = 8):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, dim, generator=g)
    y = 32 + 12 * x[:, :2] + 4 * torch.tanh(x[:, 2:4])
    return x[:400], y[:400], x[400:500], y[400:500]


def test_grid_on_cuda_learns_what_it_learns_on_the_cpu():
    options = dict(task="position", num_outputs=2, epochs=30, patience=5, seed=0, specs=SPECS)
    on_cpu = run_predictor_grid(*problem(), device="cpu", **options)
    on_gpu = run_predictor_grid(*problem(), device="cuda", **options)
    assert on_gpu.val_losses.keys() == on_cpu.val_losses.keys()
    for name, loss in on_cpu.val_losses.items():
        assert on_gpu.val_losses[name] == pytest.approx(loss, rel=0.05), name
    assert on_gpu.best("mlp").spec == on_cpu.best("mlp").spec


def test_batched_grid_on_cuda_is_timed_against_sequential():
    timing = time_predictor_grid(500, 16, val_n=100, epochs=3, device=torch.device("cuda"))
    assert timing["batched_s"] > 0 and timing["sequential_s"] > 0 and timing["models"] > 1
