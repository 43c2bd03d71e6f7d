"""The official SVHN .mat files -> percae's uint8 cache (download or offline import).

The official files are MATLAB v5 (zlib-compressed), each with ``X`` (32, 32, 3, N) uint8 and ``y``
(N, 1) holding labels 1..10, where 10 means the digit 0. scipy reads ``X`` whole (compressed
MATLAB data cannot be memory-mapped; the 531,131 extra images are 1.6 GB as uint8, never float);
it is then copied in chunks into a memory-mapped N x 3 x 32 x 32 array, so no second full copy
is made. With ``verify`` each file's MD5 sum must be torchvision's; any failure leaves the
existing cache as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import scipy.io

from percae_core.data import official_files
from percae_core.data.cache import CacheWriter
from percae_core.data.catalog import SVHN
from percae_core.data.import_template import download_once, import_into_cache, warn_unverified
from percae_core.data.importer import DatasetImporter
from percae_core.data.official_download import fetch
from percae_core.data.official_files import SVHN_PAGE, BadInputError, OfficialFile, check_md5
from percae_core.data.svhn import HOW_TO_GET, NAME, SPLITS, STORED_SIZE, raw_dir
from percae_core.events import (
    EventSink,
    TaskAdvanced,
    TaskFinished,
    TaskStarted,
    ignore_events,
)
from percae_core.paths import Home

IMAGES_PER_CHUNK = 8192


def import_svhn(
    home: Home,
    source: Path,
    verify: bool = True,
    on_event: EventSink = ignore_events,
    official: dict[str, OfficialFile] | None = None,
) -> dict[str, Any]:
    """Convert the three official .mat files in the folder ``source``; returns the cache metadata."""
    official = official or official_files.SVHN_FILES
    folder = _locate(Path(source).expanduser(), official)
    files = {split: folder / official[split].name for split in SPLITS}
    md5: dict[str, str] = {}
    if verify:
        for split in SPLITS:
            check_md5(files[split], official[split], SVHN_PAGE, on_event)
            md5[official[split].name] = official[split].md5
    else:
        warn_unverified(on_event, f"the files in {folder} are")
    meta = {"dataset": NAME, "source": str(folder.resolve()), "verified": verify, "md5": md5}

    def convert(writer: CacheWriter) -> None:
        writer.meta["counts"] = {
            split: _convert(writer, files[split], split, on_event) for split in SPLITS
        }

    return import_into_cache(home, SVHN, meta, convert)


def download_svhn(
    home: Home, on_event: EventSink = ignore_events, official: dict[str, OfficialFile] | None = None
) -> dict[str, Any]:
    """Download the three .mat files into ``raw`` (those not there yet) and import them, verified."""
    official = official or official_files.SVHN_FILES
    files = official

    def fetch_and_import() -> dict[str, Any]:
        for split in SPLITS:
            fetch(files[split], raw_dir(home), SVHN_PAGE, HOW_TO_GET, on_event)
        return import_svhn(home, raw_dir(home), verify=True, on_event=on_event, official=files)

    wanted = {official[split].name: official[split].md5 for split in SPLITS}
    return download_once(home, SVHN, wanted, fetch_and_import, on_event)


def _locate(source: Path, official: dict[str, OfficialFile]) -> Path:
    names = [official[split].name for split in SPLITS]
    if not source.exists():
        raise BadInputError(f"{source} does not exist.", hint=HOW_TO_GET)
    folder = source.parent if source.is_file() and source.name in names else source
    if not folder.is_dir():
        raise BadInputError(
            f"{source} is not a folder; SVHN is imported from the folder holding "
            f"{', '.join(names)}.",
            hint=HOW_TO_GET,
        )
    missing = [name for name in names if not (folder / name).is_file()]
    if missing:
        raise BadInputError(
            f"The folder {folder} lacks {', '.join(missing)} (SVHN needs {', '.join(names)}); "
            "nothing was imported.",
            hint=HOW_TO_GET,
        )
    return folder


def _load(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """X (32, 32, 3, N) uint8 and y (N,) int64 in 0..9, or `BadInputError` naming the fault."""
    try:
        content = scipy.io.loadmat(path, variable_names=["X", "y"])
    except Exception as exc:  # scipy raises many types for malformed files; all mean "bad file"
        raise _bad(
            path, f"it is not a readable MATLAB v5 file ({type(exc).__name__}: {exc})"
        ) from exc
    if "X" not in content or "y" not in content:
        raise _bad(path, "it has no variables X and y")
    images, labels = content["X"], np.asarray(content["y"]).reshape(-1)
    if images.dtype != np.uint8 or images.ndim != 4 or images.shape[:3] != (*STORED_SIZE, 3):
        raise _bad(path, f"its X is {images.dtype}{list(images.shape)}, not uint8[32, 32, 3, N]")
    if labels.size != images.shape[3]:
        raise _bad(path, f"it has {labels.size:,} labels for {images.shape[3]:,} images")
    if labels.size and (
        labels.min() < 1 or labels.max() > 10 or np.any(labels != np.round(labels))
    ):
        raise _bad(path, "its labels are not whole numbers 1..10")
    digits = labels.astype(np.int64)
    digits[digits == 10] = 0
    return images, digits


def _convert(writer: CacheWriter, path: Path, split: str, on_event: EventSink) -> int:
    task = f"import:{NAME}:{split}"
    images, labels = _load(path)
    count = int(images.shape[3])
    on_event(TaskStarted(task, f"converting {path.name}", count, "img"))
    stored = writer.allocate(f"{split}_images", (count, 3, *STORED_SIZE), np.uint8)
    for start in range(0, count, IMAGES_PER_CHUNK):
        stop = min(count, start + IMAGES_PER_CHUNK)
        stored[start:stop] = np.transpose(images[..., start:stop], (3, 2, 0, 1))
        on_event(TaskAdvanced(task, stop - start))
    del images
    writer.put(f"{split}_labels", labels)
    on_event(TaskFinished(task))
    return count


def _bad(path: Path, why: str) -> BadInputError:
    return BadInputError(
        f"{path} is not a usable SVHN file: {why}. Nothing was imported and the existing cache, "
        "if any, is kept.",
        hint=f"Download {path.name} again (from {SVHN_PAGE}) and repeat the import.",
    )


#: The catalog's importer contract (`percae_core/data/importer.py`).
IMPORTER = DatasetImporter(import_files=import_svhn, download=download_svhn)
