"""SVHN in the study: 32x32 house-number digits, 10 classes, tiled 2x2 into 64x64 (Table I).

The autoencoders learn from the 531,131 extra images, the predictors from the 73,257 train images
(80/20 train/validation) and are scored on the 26,032 test images. The cache (filled by
`svhn_import` from the official .mat files) keeps the images 32x32; the 2x2 tiling happens at
model input (`DatasetParts.tile = 2`, see `parts.to_model_input`), so it costs no disk or RAM.
The 2023 study's geometry (``--geometry reflect-pad``, `geometry.py`) reflect-pads the same
cached 32x32 images by 16 px as each batch is read (`padded_images.ReflectPadded`): no second
cache of 4x the size, one import for both.
Labels are 0..9: the official files' label 10 means the digit 0.
"""

from __future__ import annotations

from percae_core.data.catalog import SVHN
from percae_core.data.imported_dataset import ImportedDataset
from percae_core.data.official_files import SVHN_FILES, SVHN_PAGE

NAME = SVHN.name
TITLE = SVHN.title
STORED_SIZE = (32, 32)
TILE = 2
SPLITS = SVHN.stored_parts  # Table I order: autoencoder, predictor, test

HOW_TO_GET = (
    f"With internet, run `percae data download {NAME}` (1.6 GB). Offline, fetch "
    + ", ".join(f"{SVHN_FILES[s].name} ({SVHN_FILES[s].url})" for s in SPLITS)
    + f" (see {SVHN_PAGE}) on a machine with internet, put them in one folder here and run "
    f"`percae data import {NAME} FOLDER`."
)


DATASET = ImportedDataset(
    catalog_entry=SVHN,
    tile=TILE,
    description="32x32-rgb-tiled-2x2-10-digits",
    how_to_get=HOW_TO_GET,
    import_argument="FOLDER",
)
cache_dir = DATASET.cache_dir
raw_dir = DATASET.raw_dir
missing_error = DATASET.missing_error
is_ready = DATASET.is_ready
load_parts = DATASET.load_parts
status = DATASET.status
SPEC = DATASET.spec()
