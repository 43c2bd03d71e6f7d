"""Table I parts of the two image-classification datasets (STL-10, SVHN) from their caches.

Both have the same shape: a big unlabelled-for-our-purposes part for the autoencoder, a labelled
train part for the predictors and a labelled test part. A profile's caps are applied first
(seeded subsets), then the autoencoder and predictor parts are split 80/20 into train and
validation. The data seed is fixed, so every grid cell sees the same images.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from percae_core.data.cache import META_FILE, Cache, read_meta
from percae_core.data.description import DatasetDescription
from percae_core.data.geometry import check_geometry, layout
from percae_core.data.padded_images import ReflectPadded
from percae_core.data.parts import DatasetParts, Split
from percae_core.data.scale import DatasetScale
from percae_core.errors import CorruptCacheError

DATA_SEED = 0
VALIDATION_FRACTION = 0.2


def _rows(split: Split, rows: np.ndarray) -> Split:
    labels = None if split.labels is None else split.labels[rows]
    return Split(split.images, split.indices[rows], labels)


def split_train_val(split: Split, seed: int = DATA_SEED) -> tuple[Split, Split]:
    """A seeded 80/20 split into (train, validation); both keep their rows in stored order."""
    order = np.random.default_rng(seed).permutation(len(split))
    n_val = int(round(len(split) * VALIDATION_FRACTION))
    return _rows(split, np.sort(order[n_val:])), _rows(split, np.sort(order[:n_val]))


def whole(images: np.ndarray | ReflectPadded, labels: np.ndarray | None = None) -> Split:
    """All rows of a stored array (labels read into memory: they are small). Class labels come
    back as int64, numeric targets (a user's regression dataset) as float32."""
    indices = np.arange(len(images), dtype=np.int64)
    if labels is None:
        return Split(images, indices)
    stored = np.asarray(labels)
    dtype = np.float32 if stored.dtype.kind == "f" else np.int64
    return Split(images, indices, stored.astype(dtype))


def classification_parts(
    cache: Cache, *, description: DatasetDescription, tile: int, scale: DatasetScale
) -> DatasetParts:
    """The five splits of one classification dataset, capped by ``scale``, from an opened cache.

    The stored parts are the entry's ``stored_parts`` in Table I order (autoencoder, predictor,
    test; the two labelled); the class count (or a user's regression dataset's number of
    targets) is its ``num_outputs``, the task its ``task``.
    """
    ae_part, pred_part, test_part = description.stored_parts
    check_geometry(scale.geometry, description.title, description.geometries)
    stored = tuple(cache[f"{ae_part}_images"].shape[2:])
    tile, pad = layout(scale.geometry, (stored[0], stored[1]), description.image_size, tile)

    def images(part: str) -> np.ndarray | ReflectPadded:
        return ReflectPadded(cache[f"{part}_images"], pad) if pad else cache[f"{part}_images"]

    ae = whole(images(ae_part)).subset(scale.ae_images, DATA_SEED)
    pred = whole(images(pred_part), cache[f"{pred_part}_labels"])
    pred = pred.subset(scale.pred_images, DATA_SEED)
    test = whole(images(test_part), cache[f"{test_part}_labels"])
    test = test.subset(scale.test_images, DATA_SEED)
    ae_train, ae_val = split_train_val(ae, DATA_SEED + 1)
    pred_train, pred_val = split_train_val(pred, DATA_SEED + 1)
    return DatasetParts(
        dataset=description.name,
        image_size=description.image_size,
        task=description.task,
        num_outputs=description.num_outputs,
        ae_train=ae_train,
        ae_val=ae_val,
        pred_train=pred_train,
        pred_val=pred_val,
        test=test,
        tile=tile,
        meta={**cache.meta, "geometry": scale.geometry},
    )


def cache_is_present(cache_dir: Path) -> bool:
    return (cache_dir / META_FILE).is_file()


def cache_status(
    cache_dir: Path, dataset: str, description: str, part_order: tuple[str, ...]
) -> list[dict[str, Any]]:
    """One entry for `percae data status` (none when the dataset is absent).

    Keys shared with the other datasets' entries: path, key, parameters (name -> value), frames
    (all images), bytes, created; a damaged cache gives only path, key and problem. Also:
    dataset, images (part -> count), verified, source.
    """
    try:
        meta = read_meta(cache_dir)
    except CorruptCacheError as exc:
        return [{"path": str(cache_dir), "key": cache_dir.name, "problem": exc.message}]
    if meta is None:
        return []
    stored = meta.get("counts", {})
    counts = {part: int(stored[part]) for part in part_order if part in stored}
    verified = bool(meta.get("verified", False))
    return [
        {
            "path": str(cache_dir),
            "key": cache_dir.name,
            "parameters": {
                "images": "/".join(f"{part}:{count}" for part, count in counts.items()),
                "verified": "yes" if verified else "no",
                "kind": description,
            },
            "frames": sum(counts.values()),
            "bytes": sum(int(info.get("bytes", 0)) for info in meta.get("arrays", {}).values()),
            "created": meta.get("created", ""),
            "dataset": dataset,
            "images": counts,
            "verified": verified,
            "source": meta.get("source", ""),
        }
    ]
