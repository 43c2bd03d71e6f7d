"""A cell's loss settings beside its loss network: the distance and input normalisation
(torch-free). None means the network's own; a name equal to the network's own is stored as None
too, so ``--distance sigmoid-mse`` on `alexnet` is the same cell as no flag at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from percae_core.models.distances import get_distance
from percae_core.models.input_norms import get_input_norm
from percae_core.models.loss_network_registry import LOSS_NETWORKS

if TYPE_CHECKING:
    from percae_core.models.loss_networks import LossNetwork


def check_loss_settings(distance: str | None, input_norm: str | None) -> None:
    """A `UsageError` listing the known names when either name is unknown."""
    if distance is not None:
        get_distance(distance)
    if input_norm is not None:
        get_input_norm(input_norm)


def overrides(
    loss_net: str, distance: str | None, input_norm: str | None
) -> tuple[str | None, str | None]:
    """(distance, input_norm) for a cell on ``loss_net``: canonical names, None where they are
    the network's own (or not asked for)."""
    spec = LOSS_NETWORKS.lookup(loss_net)
    chosen_distance = None if distance is None else get_distance(distance).name
    chosen_norm = None if input_norm is None else get_input_norm(input_norm).name
    return (
        None if chosen_distance == spec.distance else chosen_distance,
        None if chosen_norm == spec.input_norm else chosen_norm,
    )


def loss_overrides(network: LossNetwork) -> tuple[str | None, str | None]:
    """A built network's distance and normalisation as `overrides` gives them."""
    return overrides(network.name, network.distance_name, network.input_norm)


def effective(
    loss_net: str | None, distance: str | None, input_norm: str | None
) -> tuple[str | None, str | None]:
    """The distance and normalisation a cell on ``loss_net`` uses (its own where None); None,
    None for a cell without a loss network or on one no longer registered."""
    if loss_net is None or loss_net not in LOSS_NETWORKS:
        return distance, input_norm
    spec = LOSS_NETWORKS[loss_net]
    return distance or spec.distance, input_norm or spec.input_norm
