"""The TCP addresses the processes below one process listen on, read from /proc (Linux)."""

from __future__ import annotations

import os
import socket
import struct
from pathlib import Path

from process_tree import descendants

LISTEN = "0A"


def _socket_inodes(pids: set[int]) -> set[str]:
    inodes: set[str] = set()
    for pid in pids:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    return inodes


def _address(hex_address: str, family: int) -> str:
    host, port = hex_address.split(":")
    raw = bytes.fromhex(host)
    if family == socket.AF_INET:
        raw = struct.pack("<I", int(host, 16))
    else:
        raw = b"".join(struct.pack("<I", int(host[i : i + 8], 16)) for i in range(0, 32, 8))
    return f"{socket.inet_ntop(family, raw)}:{int(port, 16)}"


def listening(root: int) -> list[str]:
    """Every ``HOST:PORT`` a process under ``root`` (itself included) listens on."""
    inodes = _socket_inodes({root} | descendants(root))
    found: list[str] = []
    for table, family in (("tcp", socket.AF_INET), ("tcp6", socket.AF_INET6)):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == LISTEN and fields[9] in inodes:
                found.append(_address(fields[1], family))
    return found
