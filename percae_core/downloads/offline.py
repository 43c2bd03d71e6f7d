"""The one offline switch: ``PERCAE_OFFLINE=1`` forbids every download (cluster nodes, tests)."""

from __future__ import annotations

import os

OFFLINE_ENV = "PERCAE_OFFLINE"


def offline_requested() -> bool:
    """True when ``PERCAE_OFFLINE`` is set to 1, true, yes or on (any case)."""
    return os.environ.get(OFFLINE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}
