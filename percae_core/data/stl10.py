"""STL-10 in the study: 96x96 colour images, 10 classes (Table I).

The autoencoders learn from the 100,000 unlabeled images, the predictors from the 5,000 train
images (80/20 train/validation) and are scored on the 8,000 test images. The images come from
the official files via `stl10_import` (download or offline import) into a uint8 cache under
``<home>/datasets/stl10/cache``; this module reads that cache.
"""

from __future__ import annotations

from percae_core.data.catalog import STL10
from percae_core.data.imported_dataset import ImportedDataset
from percae_core.data.official_files import STL10_FILES, STL10_PAGE

NAME = STL10.name
TITLE = STL10.title
PARTS = STL10.stored_parts  # Table I order: autoencoder, predictor, test

HOW_TO_GET = (
    f"With internet, run `percae data download {NAME}` (a 2.6 GB download). Offline, fetch "
    f"{STL10_FILES.archive.name} from {STL10_FILES.archive.url} (see {STL10_PAGE}) on a machine "
    f"with internet, copy it here and run `percae data import {NAME} PATH`, where PATH is that "
    "archive or the stl10_binary folder extracted from it (train_X.bin, train_y.bin, test_X.bin, "
    "test_y.bin, unlabeled_X.bin)."
)


DATASET = ImportedDataset(
    catalog_entry=STL10,
    tile=1,
    description="96x96-rgb-10-classes",
    how_to_get=HOW_TO_GET,
    import_argument="PATH",
)
cache_dir = DATASET.cache_dir
raw_dir = DATASET.raw_dir
missing_error = DATASET.missing_error
is_ready = DATASET.is_ready
load_parts = DATASET.load_parts
status = DATASET.status
SPEC = DATASET.spec()
