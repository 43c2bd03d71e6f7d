"""Loss-network names written compactly: one architecture's layers joined (`--help`, `weights`)."""

from __future__ import annotations

from collections.abc import Sequence


def compact_names(names: Sequence[str]) -> str:
    """Loss-network names with one architecture's layers joined: ``vgg16:relu1_2 | relu2_2``."""
    groups: dict[str, list[str]] = {}
    for name in names:
        base, _, layer = name.partition(":")
        groups.setdefault(base, []).append(layer)
    parts = []
    for base, layers in groups.items():
        if "" in layers:
            parts.append(base)
        named = [layer for layer in layers if layer]
        if named:
            parts.append(f"{base}:{' | '.join(named)}")
    return ", ".join(parts) or "none"


def loss_network_choices() -> str:
    """The `--loss-net` help's list: every pretrained name, compactly, and the random twins' rule."""
    from percae_core.models.loss_network_registry import LOSS_NETWORKS

    pretrained = [name for name, spec in LOSS_NETWORKS.items() if spec.pretrained]
    twins = [spec.fallback for spec in LOSS_NETWORKS.values() if spec.pretrained and spec.fallback]
    others = [n for n, s in LOSS_NETWORKS.items() if not s.pretrained and n not in twins]
    listed = compact_names(pretrained) + (f", {compact_names(others)}" if others else "")
    example = next((twin for twin in twins if ":" in twin), "alexnet-random")
    return (
        f"One of: {listed}; each with its seeded random twin (ARCH-random:LAYER, e.g. "
        f"{example}: random frozen weights, needs no file)."
    )
