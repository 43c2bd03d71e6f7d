"""How much of one dataset a profile uses (`DatasetScale`); torch-free, used by every layer."""

from __future__ import annotations

from dataclasses import dataclass

from percae_core.data.geometry import PAPER_GEOMETRY


@dataclass(frozen=True)
class DatasetScale:
    """How much of one dataset a profile uses (None = all of that part)."""

    z: tuple[int, ...]
    ae_images: int | None = None
    pred_images: int | None = None
    test_images: int | None = None
    rollouts: int | None = None
    steps: int | None = None
    onscreen: str = "paper"
    """LunarLander's off-screen rule: "paper" (the paper's bounds) or "exact" (the rendered screen)."""
    geometry: str = PAPER_GEOMETRY
    """How the stored images become model input (`geometry.py`): "paper" or "reflect-pad"."""
