"""STL-10 in the study: 96x96 colour images, 10 classes (Table I).

The autoencoders learn from the 100,000 unlabeled images, the predictors from the 5,000 train
images (80/20 train/validation) and are scored on the 8,000 test images. The images come from
the official files via `stl10_import` (download or offline import) into a uint8 cache under
``<home>/datasets/stl10/cache``; this module reads that cache.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from percae_core.data.cache import open_cache
from percae_core.data.classification_parts import cache_is_present, cache_status, classification_parts
from percae_core.data.official_files import STL10_PAGE, STL10_FILES
from percae_core.data.parts import DatasetParts
from percae_core.data.registry import DatasetSpec
from percae_core.errors import DataMissingError
from percae_core.events import EventSink, ignore_events
from percae_core.paths import Home
from percae_core.profiles import DatasetScale

NAME = "stl10"
TITLE = "STL-10"
IMAGE_SIZE = (96, 96)
AE_PART = "unlabeled"
PARTS = ("unlabeled", "train", "test")  # Table I order: autoencoder, predictor, test

HOW_TO_GET = (
    f"With internet, run `percae data download {NAME}` (a 2.6 GB download). Offline, fetch "
    f"{STL10_FILES.archive.name} from {STL10_FILES.archive.url} (see {STL10_PAGE}) on a machine "
    f"with internet, copy it here and run `percae data import {NAME} PATH`, where PATH is that "
    "archive or the stl10_binary folder extracted from it (train_X.bin, train_y.bin, test_X.bin, "
    "test_y.bin, unlabeled_X.bin)."
)


def cache_dir(home: Home) -> Path:
    return home.dataset_dir(NAME) / "cache"


def raw_dir(home: Home) -> Path:
    """Where `percae data download stl10` keeps the official archive."""
    return home.dataset_dir(NAME) / "raw"


def missing_error(home: Home) -> DataMissingError:
    return DataMissingError(
        f"{TITLE} is not in {home.root}: it has been neither downloaded nor imported.",
        hint=HOW_TO_GET,
    )


def is_ready(home: Home, scale: DatasetScale) -> bool:
    return cache_is_present(cache_dir(home))


def load_parts(home: Home, scale: DatasetScale, on_event: EventSink = ignore_events) -> DatasetParts:
    if not is_ready(home, scale):
        raise missing_error(home)
    cache = open_cache(
        cache_dir(home),
        fix=f"Import it again with `percae data import {NAME} PATH` or `percae data download {NAME}`.",
    )
    return classification_parts(
        cache, dataset=NAME, ae_part=AE_PART, image_size=IMAGE_SIZE, tile=1, scale=scale
    )


def status(home: Home) -> list[dict[str, Any]]:
    return cache_status(cache_dir(home), NAME, "96x96-rgb-10-classes", PARTS)


SPEC = DatasetSpec(
    name=NAME,
    title=TITLE,
    image_size=IMAGE_SIZE,
    task="classification",
    metric="accuracy",
    num_outputs=10,
    how_to_get=HOW_TO_GET,
    is_ready=is_ready,
    load_parts=load_parts,
    status=status,
)
