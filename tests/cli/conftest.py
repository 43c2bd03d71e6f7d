"""Fixtures shared by the CLI tests."""

from __future__ import annotations

import pytest
import torch

from percae_core.profiles import PROFILES, DatasetScale


@pytest.fixture
def tiny_lunarlander(monkeypatch):
    """The smoke profile on an 8 x 6-frame LunarLander collection, trained on one thread."""
    monkeypatch.setitem(
        PROFILES["smoke"].scales, "lunarlander", DatasetScale(z=(8,), rollouts=8, steps=6)
    )
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
