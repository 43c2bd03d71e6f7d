"""Downloading one official file into a dataset's ``raw`` folder, MD5-checked, never twice.

This does what torchvision's `download_url` does (same addresses and MD5 sums, taken from its
dataset classes; skip the fetch when a file with the right sum is already there), but reports
progress as events instead of printing a tqdm bar, and writes to a temporary name that is renamed
into place only once the sum is right, so an interrupted or damaged download never looks whole.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, BinaryIO

from percae_core.data.cache import read_meta
from percae_core.data.official_files import (
    ByteCounter,
    OfficialFile,
    file_md5,
    md5_mismatch,
    megabytes,
)
from percae_core.errors import CorruptCacheError, DataMissingError, Interrupted, PercaeError
from percae_core.events import EventSink, Notice, TaskFinished, TaskStarted, ignore_events
from percae_core.storage.atomic_write import atomic_file

_CHUNK = 1024 * 1024
TIMEOUT_S = 30
OFFLINE_ENV = "PERCAE_OFFLINE"


def offline_requested() -> bool:
    """``PERCAE_OFFLINE=1``: never touch the network (cluster nodes, tests)."""
    return os.environ.get(OFFLINE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def fetch(
    official: OfficialFile,
    folder: Path,
    page: str,
    offline_hint: str,
    on_event: EventSink = ignore_events,
) -> Path:
    """Download ``official`` into ``folder`` unless a copy with its MD5 sum is already there.

    ``offline_hint`` is shown when the address cannot be reached (it says how to import instead).
    """
    target = Path(folder) / official.name
    if target.is_file() and file_md5(target, on_event) == official.md5:
        on_event(Notice("info", f"{target} is already downloaded and checked; not fetched again."))
        return target
    if offline_requested():
        raise DataMissingError(
            f"{official.name} is not downloaded yet and {OFFLINE_ENV}=1 forbids downloading it.",
            hint=offline_hint,
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _disk_error(target, exc) from exc
    try:
        with atomic_file(target) as out:  # a failure or a wrong sum keeps nothing
            digest = _download(official, out, target, on_event, offline_hint)
            if digest != official.md5:
                raise md5_mismatch(official.url, digest, official, page)
    except OSError as exc:
        raise _disk_error(target, exc) from exc
    except KeyboardInterrupt:
        raise Interrupted(
            f"The download of {official.name} was stopped; the unfinished file was removed.",
            hint="Run the same command again to download it from the start.",
        ) from None
    return target


def _download(
    official: OfficialFile, out: BinaryIO, target: Path, on_event: EventSink, offline_hint: str
) -> str:
    task = f"download:{official.name}"
    digest = hashlib.md5(usedforsecurity=False)
    try:
        response = urllib.request.urlopen(official.url, timeout=TIMEOUT_S)
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        raise _unreachable(official, exc, offline_hint) from exc
    with response:
        length = response.headers.get("Content-Length")
        total = megabytes(int(length)) if length and length.isdigit() else None
        on_event(TaskStarted(task, f"downloading {official.name}", total, "MB"))
        counter = ByteCounter(task, on_event)
        while True:
            try:
                chunk = response.read(_CHUNK)
            except (http.client.HTTPException, OSError) as exc:
                raise _unreachable(official, exc, offline_hint) from exc
            if not chunk:
                break
            digest.update(chunk)
            try:
                out.write(chunk)
            except OSError as exc:
                raise _disk_error(target, exc) from exc
            counter(len(chunk))
    on_event(TaskFinished(task))
    return digest.hexdigest()


def _unreachable(official: OfficialFile, exc: BaseException, offline_hint: str) -> DataMissingError:
    reason = getattr(exc, "reason", None) or exc
    return DataMissingError(
        f"Could not download {official.name} from {official.url} ({reason}). This machine may "
        "be offline or the address may be blocked.",
        hint=offline_hint,
    )


def _disk_error(path: Path, exc: OSError) -> PercaeError:
    return PercaeError(
        f"Could not write the download to {path} ({exc.strerror or exc}); nothing was kept.",
        hint="Free some disk space or choose another home with --home, then run the command again.",
    )


def verified_import(cache: Path, expected_md5: dict[str, str]) -> dict[str, Any] | None:
    """The metadata of a verified import of exactly these official files, else None (also for a
    damaged cache): then a download has nothing left to do."""
    try:
        meta = read_meta(cache)
    except CorruptCacheError:
        return None
    if not meta or not meta.get("verified"):
        return None
    recorded = meta.get("md5", {})
    return meta if all(recorded.get(name) == md5 for name, md5 in expected_md5.items()) else None
