"""How percae starts or joins Ray, and nothing else.

Without ``--ray-address`` a private instance is started on this machine (``address="local"``,
never a cluster found through ``RAY_ADDRESS`` or the last ``ray start``), and every one of its
servers listens on 127.0.0.1 only: Ray has no authentication, so a port reachable from the
network would let anyone run code as this user. With an address (``HOST:PORT``, or ``auto``,
which Ray reads from ``RAY_ADDRESS`` when it is set) the head is checked to answer first, so a
stale address fails in seconds instead of Ray's minutes of retries.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from percae_core.errors import PercaeError

LOOPBACK = "127.0.0.1"
CONNECT_TIMEOUT_S = 5.0
#: Ray's switch for clusters (read when ray is imported); off, its node address is loopback
_CLUSTER_SWITCH = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"


def head_address(address: str | None) -> str | None:
    """The head a study joins: None for a private instance; ``auto`` means ``RAY_ADDRESS`` when
    that is set (as Ray itself reads it)."""
    if not address:
        return None
    if address == "auto":
        return os.environ.get("RAY_ADDRESS") or address
    return address


def check_reachable(address: str) -> None:
    """Fail in seconds, with a clear message, when a ``HOST:PORT`` head does not answer."""
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit() or "://" in address:
        return
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        raise PercaeError(
            f"No Ray head answers at {address} ({exc.strerror or exc}); nothing was run.",
            hint="Start it with `ray start --head --port=PORT` on the head node, check the host "
            "and port (`ray status` on a cluster node shows them) and RAY_ADDRESS, or leave out "
            "--ray-address to run on a private instance on this machine.",
        ) from None


def check_head(address: str | None) -> None:
    """Check the head a study would join answers (nothing to check for a private instance)."""
    head = head_address(address)
    if head is not None:
        check_reachable(head)


def _loopback_only(ray: Any) -> None:
    """Make Ray take 127.0.0.1 as this node's address (its servers bind to the node address)."""
    os.environ[_CLUSTER_SWITCH] = "0"  # for the processes the private instance starts
    ray._private.ray_constants.ENABLE_RAY_CLUSTER = False  # already read by this process


def connect_ray(ray: Any, address: str | None) -> None:
    """Join the head at ``address`` (checked first) or start the private loopback instance."""
    head = head_address(address)
    quiet: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,
        "logging_level": logging.ERROR,
    }
    if head is not None:
        check_reachable(head)
        ray.init(address=head, **quiet)
        return
    _loopback_only(ray)
    ray.init(address="local", _node_ip_address=LOOPBACK, **quiet)
