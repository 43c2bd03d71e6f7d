"""One local Ray instance (2 CPUs, no dashboard) for the whole test session, started on first use."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def ray_instance():
    ray = pytest.importorskip("ray")
    if not ray.is_initialized():
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()
