"""How a study starts or joins Ray: a private instance that listens on 127.0.0.1 only unless an
address is given, never a cluster found through RAY_ADDRESS, and a stale address fails fast."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from percae_core.errors import PercaeError
from percae_core.runner.executors.ray_connect import connect_ray, head_address


def _dead_address() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{probe.getsockname()[1]}"


class FakeRay:
    """Records how `ray.init` was called."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self._private = SimpleNamespace(ray_constants=SimpleNamespace(ENABLE_RAY_CLUSTER=True))

    def init(self, **kwargs: Any) -> None:
        self.calls.append(kwargs)


def test_without_an_address_a_private_instance_is_started_whatever_ray_address_says(monkeypatch):
    monkeypatch.delenv("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", raising=False)  # restored afterwards
    monkeypatch.setenv("RAY_ADDRESS", _dead_address())
    fake = FakeRay()
    started = time.monotonic()
    connect_ray(fake, None)
    assert time.monotonic() - started < 2
    (call,) = fake.calls
    assert call["address"] == "local" and call["_node_ip_address"] == "127.0.0.1"
    assert call["include_dashboard"] is False


def test_auto_means_ray_address_when_set(monkeypatch):
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    assert head_address(None) is None and head_address("auto") == "auto"
    monkeypatch.setenv("RAY_ADDRESS", "10.0.0.1:6379")
    assert head_address("auto") == "10.0.0.1:6379"
    assert head_address("10.0.0.2:6379") == "10.0.0.2:6379"


@pytest.mark.parametrize("via_environment", [False, True])
def test_a_stale_address_fails_in_seconds_before_ray_is_asked(monkeypatch, via_environment):
    address = _dead_address()
    monkeypatch.setenv("RAY_ADDRESS", address)
    fake = FakeRay()
    started = time.monotonic()
    with pytest.raises(PercaeError, match=f"No Ray head answers at {address}"):
        connect_ray(fake, "auto" if via_environment else address)
    assert time.monotonic() - started < 10 and fake.calls == []


PROBE = """
import os, sys
sys.path[:0] = [{helpers!r}, {tests!r}]
import ray
from listening_sockets import listening
from percae_core.runner.executors.ray_connect import connect_ray

connect_ray(ray, None)

@ray.remote
def pid():
    return os.getpid()

ray.get([pid.remote() for _ in range(2)])  # workers running too
print("LISTENING", " ".join(listening(os.getpid())))
ray.shutdown()
"""


@pytest.mark.slow
def test_the_private_instance_listens_on_loopback_only(tmp_path):
    pytest.importorskip("ray")
    script = tmp_path / "probe.py"
    script.write_text(
        textwrap.dedent(
            PROBE.format(helpers=str(Path(__file__).parent), tests=str(Path(__file__).parents[3]))
        )
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=240
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("LISTENING")]
    assert done.returncode == 0 and lines, done.stderr[-2000:]
    addresses = lines[0].split()[1:]
    assert addresses, "Ray started no servers?"
    outside = [a for a in addresses if a.rsplit(":", 1)[0] not in ("127.0.0.1", "::ffff:127.0.0.1")]
    assert outside == [], f"listening beyond 127.0.0.1: {outside}"
