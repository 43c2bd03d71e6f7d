"""Downloading one official file into a dataset's ``raw`` folder, MD5-checked, never twice.

This does what torchvision's `download_url` does (same addresses and MD5 sums, taken from its
dataset classes; skip the fetch when a file with the right sum is already there), through the
project's one downloader (`percae_core/downloads/http_download.py`: progress as events, a
temporary name renamed into place only once the sum is right). Here its failures are worded for
datasets: what to download or import instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from percae_core.data.cache import read_meta
from percae_core.data.official_files import OfficialFile, file_md5, md5_mismatch
from percae_core.downloads.http_download import DigestMismatch, DownloadUnreachable, download_file
from percae_core.downloads.offline import OFFLINE_ENV, offline_requested
from percae_core.errors import CorruptCacheError, DataMissingError, PercaeError
from percae_core.events import EventSink, Notice, ignore_events

TIMEOUT_S = 30


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
        download_file(
            official.url,
            target,
            algorithm="md5",
            expected=official.md5,
            timeout_s=TIMEOUT_S,
            on_event=on_event,
        )
    except DownloadUnreachable as exc:
        raise DataMissingError(
            f"Could not download {official.name} from {official.url} ({exc.reason}). This "
            "machine may be offline or the address may be blocked.",
            hint=offline_hint,
        ) from exc
    except DigestMismatch as exc:
        raise md5_mismatch(official.url, exc.actual, official, page) from exc
    except OSError as exc:
        raise PercaeError(
            f"Could not write the download to {target} ({exc.strerror or exc}); nothing was kept.",
            hint="Free some disk space or choose another home with --home, then run the command "
            "again.",
        ) from exc
    return target


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
