"""Shared test setup: every test gets its own percae home and never touches the network."""

from __future__ import annotations

import pytest
import torch

# One intra-op thread: on a 2-core machine shared with other work, two threads are often many
# times slower than one, and exact-resume tests need the same thread count throughout.
torch.set_num_threads(1)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "percae-home"
    monkeypatch.setenv("PERCAE_HOME", str(home))
    monkeypatch.setenv("PERCAE_OFFLINE", "1")
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch-home"))
    from percae_core.cli.context import STATE

    STATE.home_arg = None
    STATE.debug = False
    return home
