"""Device choice, CPU threads and the out-of-memory message."""

from __future__ import annotations

import pytest
import torch
from training_images import make_splits

from percae_core.errors import DeviceError, UsageError
from percae_core.training.config import FitConfig
from percae_core.training.device import configure_cpu_threads, out_of_memory_error, resolve_device
from percae_core.training.fit import fit_autoencoder


def test_cuda_requested_without_gpu_is_a_device_error(monkeypatch, tmp_path):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    train, val = make_splits()
    config = FitConfig(variant="ae", z=8, epochs=1, batch_size=8, device="cuda")
    with pytest.raises(DeviceError, match="CUDA GPU was requested") as info:
        fit_autoencoder(
            train, val, config, loss_network=None, checkpoint=tmp_path / "c.pt", run="r"
        )
    assert "--device cpu" in info.value.hint
    assert not (tmp_path / "c.pt").exists()


def test_auto_falls_back_to_cpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert resolve_device("auto") == torch.device("cpu")
    assert resolve_device("CPU") == torch.device("cpu")


def test_unknown_device_is_a_usage_error():
    with pytest.raises(UsageError, match="auto, cpu, cuda"):
        resolve_device("tpu")
    with pytest.raises(UsageError, match="Unknown device"):
        FitConfig(variant="ae", z=8, device="gpu")


def test_threads_follow_omp_num_threads_when_set(monkeypatch):
    before = torch.get_num_threads()
    try:
        monkeypatch.setenv("OMP_NUM_THREADS", "1")
        torch.set_num_threads(1)
        assert configure_cpu_threads() == 1
        monkeypatch.delenv("OMP_NUM_THREADS")
        assert configure_cpu_threads() >= 1
    finally:
        torch.set_num_threads(before)


def test_out_of_memory_message_names_half_the_batch_size():
    error = out_of_memory_error(torch.device("cuda"), 512, images_on_device=True)
    assert "batch size 512" in error.message and "--batch-size 256" in error.hint
