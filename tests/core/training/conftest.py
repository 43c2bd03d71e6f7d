"""Fixtures of the training tests: one thread, tiny data, the random-AlexNet loss network."""

from __future__ import annotations

import pytest
import torch
from training_images import make_splits

from percae_core.data.parts import Split
from percae_core.models.loss_networks import LossNetwork, build_loss_network


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """Tiny batches run faster on one thread; OMP_NUM_THREADS stops the fit from changing it.

    Module-scoped so that module-scoped fits run under it too: results are bit-identical only
    with the same number of threads.
    """
    threads = torch.get_num_threads()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OMP_NUM_THREADS", "1")
        torch.set_num_threads(1)
        yield
    torch.set_num_threads(threads)


@pytest.fixture
def splits() -> tuple[Split, Split]:
    return make_splits()


@pytest.fixture
def random_alexnet() -> LossNetwork:
    return build_loss_network("alexnet-random", seed=0, allow_download=False)
