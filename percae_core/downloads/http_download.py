"""The one HTTP downloader: stream a URL to a temporary name, hash it, rename it into place.

Modelled on timm's `_hub.download_cached_file`: the caller says where the file goes and what its
digest must start with (a full MD5 or a SHA-256 prefix, as torchvision puts in its file names);
the bytes go to a temporary file beside the target (`percae_core.storage.atomic_write`, the
project's one atomic writer) and are renamed into place only when the digest matches, so an interrupted or altered transfer never leaves a file that looks
whole. Progress leaves as events in whole MiB. What a failure means to the user differs between
callers (weights vs datasets), so the two network-side failures are raised as the exceptions
below for the caller to word; a disk problem stays an `OSError`; Ctrl-C becomes `Interrupted`.
"""

from __future__ import annotations

import hashlib
import ssl
from http.client import HTTPException
from pathlib import Path
from urllib.error import URLError
from urllib.request import Request, urlopen

from percae_core.errors import Interrupted
from percae_core.events import EventSink, TaskAdvanced, TaskFinished, TaskStarted, ignore_events
from percae_core.storage.atomic_write import atomic_file

MIB = 1024 * 1024
USER_AGENT = "percae (urllib)"


class DownloadUnreachable(Exception):
    """The server could not be reached or the transfer broke off; ``reason`` says why."""

    def __init__(self, url: str, reason: object) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = str(reason)


class DigestMismatch(Exception):
    """The downloaded bytes do not have the expected digest; nothing was kept."""

    def __init__(self, url: str, actual: str, expected: str) -> None:
        super().__init__(f"{url}: digest {actual} does not start with {expected}")
        self.url = url
        self.actual = actual
        self.expected = expected


def _mib(size: int) -> int:
    return -(-size // MIB)


def download_file(
    url: str,
    target: Path,
    *,
    algorithm: str,
    expected: str,
    timeout_s: float,
    on_event: EventSink = ignore_events,
) -> str:
    """Fetch ``url`` into ``target`` when its ``algorithm`` digest starts with ``expected``.

    Returns the full hex digest. Raises `DownloadUnreachable`, `DigestMismatch`, `OSError`
    (writing) or `Interrupted` (Ctrl-C); in every case no partial file is left behind.
    """
    target = Path(target)
    task = f"download:{target.name}"
    digest = hashlib.new(algorithm, usedforsecurity=False)
    started = False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            response = urlopen(Request(url, headers={"User-Agent": USER_AGENT}), timeout=timeout_s)
        except (URLError, HTTPException, TimeoutError, ConnectionError, ssl.SSLError) as exc:
            raise DownloadUnreachable(url, getattr(exc, "reason", None) or exc) from exc
        with response, atomic_file(target) as out:
            length = response.headers.get("Content-Length")
            total = _mib(int(length)) if length and length.isdigit() else None
            on_event(TaskStarted(task, f"Downloading {target.name}", total=total, unit="MiB"))
            started = True
            received = 0
            while True:
                try:
                    chunk = response.read(MIB)
                except (HTTPException, TimeoutError, ConnectionError, ssl.SSLError) as exc:
                    raise DownloadUnreachable(url, exc) from exc
                if not chunk:
                    break
                digest.update(chunk)
                out.write(chunk)
                before, received = received, received + len(chunk)
                if received // MIB > before // MIB:
                    on_event(TaskAdvanced(task, received // MIB - before // MIB))
            actual = digest.hexdigest()
            if not actual.startswith(expected.lower()):  # inside the writer: nothing is kept
                raise DigestMismatch(url, actual, expected)
        return actual
    except KeyboardInterrupt:
        raise Interrupted(
            f"The download of {target.name} was interrupted; nothing partial was kept.",
            hint="Run the same command again to download it from the start.",
        ) from None
    finally:
        if started:
            on_event(TaskFinished(task))
