"""SVHN in the study: 32x32 house-number digits, 10 classes, tiled 2x2 into 64x64 (Table I).

The autoencoders learn from the 531,131 extra images, the predictors from the 73,257 train images
(80/20 train/validation) and are scored on the 26,032 test images. The cache (filled by
`svhn_import` from the official .mat files) keeps the images 32x32; the 2x2 tiling happens at
model input (`DatasetParts.tile = 2`, see `parts.to_model_input`), so it costs no disk or RAM.
Labels are 0..9: the official files' label 10 means the digit 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from percae_core.data.cache import open_cache
from percae_core.data.classification_parts import cache_is_present, cache_status, classification_parts
from percae_core.data.official_files import SVHN_FILES, SVHN_PAGE
from percae_core.data.parts import DatasetParts
from percae_core.data.registry import DatasetSpec
from percae_core.errors import DataMissingError
from percae_core.events import EventSink, ignore_events
from percae_core.paths import Home
from percae_core.profiles import DatasetScale

NAME = "svhn"
TITLE = "SVHN"
STORED_SIZE = (32, 32)
TILE = 2
IMAGE_SIZE = (STORED_SIZE[0] * TILE, STORED_SIZE[1] * TILE)
AE_PART = "extra"
SPLITS = ("extra", "train", "test")  # Table I order: autoencoder, predictor, test

HOW_TO_GET = (
    f"With internet, run `percae data download {NAME}` (1.6 GB). Offline, fetch "
    + ", ".join(f"{SVHN_FILES[s].name} ({SVHN_FILES[s].url})" for s in SPLITS)
    + f" (see {SVHN_PAGE}) on a machine with internet, put them in one folder here and run "
    f"`percae data import {NAME} FOLDER`."
)


def cache_dir(home: Home) -> Path:
    return home.dataset_dir(NAME) / "cache"


def raw_dir(home: Home) -> Path:
    """Where `percae data download svhn` keeps the official .mat files."""
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
        fix=f"Import it again with `percae data import {NAME} FOLDER` or `percae data download {NAME}`.",
    )
    return classification_parts(
        cache, dataset=NAME, ae_part=AE_PART, image_size=IMAGE_SIZE, tile=TILE, scale=scale
    )


def status(home: Home) -> list[dict[str, Any]]:
    return cache_status(cache_dir(home), NAME, "32x32-rgb-tiled-2x2-10-digits", SPLITS)


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
