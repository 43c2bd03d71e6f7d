"""Training on a CUDA GPU: uint8 images on the device, bf16/fp32, no host sync in the step,
out-of-memory as a clear message, exact resume. Marked `cuda`; skipped without a GPU
(`scripts/gpu-acceptance` runs them on one)."""

from __future__ import annotations

import os

import numpy as np
import pytest
import torch
from training_images import make_splits

from percae_core.data.parts import Split
from percae_core.errors import DeviceError, Interrupted
from percae_core.events import EpochFinished
from percae_core.models.autoencoder import ConvAutoencoder
from percae_core.models.loss_networks import build_loss_network
from percae_core.models.variants import get_variant
from percae_core.training.batches import ImageBatches
from percae_core.training.config import FitConfig
from percae_core.training.fit import fit_autoencoder
from percae_core.training.reconstruction_loss import ReconstructionLoss
from percae_core.training.speed import SpeedSettings, resolve_speed
from percae_core.training.train_step import build_train_step, frozen_loss_network

pytestmark = [
    pytest.mark.cuda,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU"),
]
CUDA = torch.device("cuda")


def config(**overrides) -> FitConfig:
    values = dict(
        variant=get_variant("vae"), z=8, epochs=3, batch_size=4, seed=3, device="cuda", data_id="t"
    )
    values.update(overrides)
    return FitConfig(**values)


def test_uint8_images_stay_uint8_on_the_device_until_a_batch_is_made():
    train, _val = make_splits()
    served = ImageBatches(train, CUDA, channels_last=True)
    assert served.placement == "gpu" and served.on_device
    assert served._held.dtype == torch.uint8 and served._held.device.type == "cuda"
    batch = next(iter(served.batches(4)))
    assert batch.device.type == "cuda" and batch.dtype == torch.float32
    assert 0.0 <= float(batch.min()) and float(batch.max()) <= 1.0
    expected = torch.from_numpy(train.gather()[:4]).float().div(255)
    assert torch.allclose(batch.cpu(), expected)


def test_bf16_by_default_where_supported_and_fp32_on_request(tmp_path):
    default = resolve_speed(SpeedSettings(), CUDA)
    assert default.bf16 == torch.cuda.is_bf16_supported()
    assert not resolve_speed(SpeedSettings(bf16=False), CUDA).bf16
    train, val = make_splits()
    for bf16 in (False, True):
        result = fit_autoencoder(
            train,
            val,
            config(epochs=1),
            loss_network=None,
            checkpoint=tmp_path / f"{bf16}.pt",
            run=f"bf16-{bf16}",
            speed=SpeedSettings(bf16=bf16),
        )
        assert np.isfinite(result.best_val_loss) and result.device.startswith("cuda")


@pytest.mark.parametrize("loss", ["pixel", "perceptual"])
def test_the_training_step_never_waits_for_the_device(loss):
    perceptual = loss == "perceptual"
    plan = resolve_speed(SpeedSettings(), CUDA)
    model = ConvAutoencoder((64, 64), 16, perceptual).to(CUDA)
    network = build_loss_network("alexnet-random", allow_download=False) if perceptual else None
    objective = ReconstructionLoss(
        get_variant("pvae" if perceptual else "ae"), 0.01, frozen_loss_network(network, CUDA, plan)
    )
    step = build_train_step(model, objective, plan, lr=1e-3)
    x = torch.rand(8, 3, 64, 64, device=CUDA)
    if plan.channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    step(x)  # the first step allocates the optimiser's state and picks cuDNN algorithms
    torch.cuda.synchronize()
    torch.cuda.set_sync_debug_mode("error")
    try:
        for _ in range(3):
            parts = step(x)
    finally:
        torch.cuda.set_sync_debug_mode("default")
    assert torch.isfinite(parts.total).item()


def test_out_of_memory_becomes_the_clear_message(tmp_path):
    """A 160 MiB cap holds the model, its optimiser and the images (about 80 MB) but not the
    activations of a 512-image batch (about 650 MB in fp32): the step runs out of memory."""
    train, val = make_splits(train=512, val=8)
    total = torch.cuda.get_device_properties(CUDA).total_memory
    torch.cuda.empty_cache()
    torch.cuda.set_per_process_memory_fraction(160 * 2**20 / total, CUDA)
    try:
        with pytest.raises(
            DeviceError, match="ran out of memory while training with batch size 512"
        ) as info:
            fit_autoencoder(
                train,
                val,
                config(batch_size=512, z=64, epochs=1),
                loss_network=None,
                checkpoint=tmp_path / "c.pt",
                run="oom",
            )
    finally:
        torch.cuda.set_per_process_memory_fraction(1.0, CUDA)
        torch.cuda.empty_cache()
    assert "--batch-size 256" in info.value.hint


def test_resumed_fit_on_cuda_equals_the_uninterrupted_fit(tmp_path, monkeypatch):
    """Deterministic kernels (a VAE has no max-pool backward, whose CUDA kernel is not) and one
    process (cuDNN's benchmark cache picks the same algorithm for both fits) make it bitwise."""
    monkeypatch.setitem(os.environ, "CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    torch.use_deterministic_algorithms(True)
    try:
        train, val = make_splits()
        straight = fit_autoencoder(
            train, val, config(), loss_network=None, checkpoint=tmp_path / "a.pt", run="a"
        )
        events: list[object] = []
        with pytest.raises(Interrupted):
            fit_autoencoder(
                train,
                val,
                config(),
                loss_network=None,
                checkpoint=tmp_path / "b.pt",
                run="b",
                on_event=events.append,
                should_stop=lambda: any(isinstance(e, EpochFinished) for e in events),
            )
        torch.manual_seed(999)
        torch.cuda.manual_seed(999)
        resumed = fit_autoencoder(
            train, val, config(), loss_network=None, checkpoint=tmp_path / "b.pt", run="b"
        )
    finally:
        torch.use_deterministic_algorithms(False)
    assert resumed.resumed
    for key, value in straight.model.state_dict().items():
        assert torch.equal(value, resumed.model.state_dict()[key]), key
    assert straight.best_val_loss == resumed.best_val_loss


def test_a_split_too_big_for_the_gpu_budget_is_served_from_ram():
    images = np.zeros((4, 3, 64, 64), dtype=np.uint8)
    served = ImageBatches(Split(images, np.arange(4)), CUDA, placement="ram")
    assert served._held.is_pinned()
    assert next(iter(served.batches(4))).device.type == "cuda"
