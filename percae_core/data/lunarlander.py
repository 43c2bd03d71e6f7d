"""The LunarLander collection as a dataset of the study: its `SPEC`, its parts and its status.

Task: locate the lander; labels are its pixel position in the 64x64 frame, the metric the mean
Euclidean distance in pixels. The parts of Table I are computed when the collection is loaded
(`percae_core.data.splits`), from the stored rollout ids and observations: cheap, seeded by the
collection's seed, and so the off-screen rule (``paper`` or ``exact``) can be chosen per load.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from percae_core.data.cache import META_FILE, Cache, cache_problem, read_meta
from percae_core.data.catalog import LUNARLANDER
from percae_core.data.lunarlander_prepare import (
    DATASET,
    REQUIRED_META,
    CollectionParams,
    find_collection,
    prepare_collection,
    validate,
)
from percae_core.data.parts import DatasetParts, Split
from percae_core.data.scale import DatasetScale
from percae_core.data.spec import DatasetSpec
from percae_core.data.splits import HOLDOUT, table_one_rows
from percae_core.errors import CorruptCacheError, PercaeError
from percae_core.events import EventSink, ignore_events
from percae_core.paths import Home

HOW_TO_GET = (
    "Render it with `percae data prepare lunarlander` (1,400 rollouts x 150 steps, about "
    "2.6 GB; --rollouts/--steps for less); `percae bench` also prepares it when needed."
)


def params_for(scale: DatasetScale) -> CollectionParams:
    """The collection a profile's scale asks for (the paper's size where it says nothing)."""
    defaults = CollectionParams()
    return CollectionParams(
        rollouts=scale.rollouts or defaults.rollouts, steps=scale.steps or defaults.steps
    )


def is_ready(home: Home, scale: DatasetScale) -> bool:
    try:
        return find_collection(home, params_for(scale)) is not None
    except CorruptCacheError:
        return False


def part_rows(cache: Cache, onscreen: str = "paper") -> dict[str, np.ndarray]:
    """Row indices of each part of Table I in a prepared collection."""
    from percae_core.data.lunarlander_render import onscreen_mask

    params = CollectionParams(**cache.meta["parameters"])
    keep = onscreen_mask(np.asarray(cache["observations"]), onscreen)
    return table_one_rows(np.asarray(cache["rollout"]), params.rollouts, keep, params.seed)


def offscreen_removed(cache: Cache, rows: dict[str, np.ndarray]) -> tuple[int, int]:
    """(frames removed, frames in the second half): what the off-screen rule took out."""
    params = CollectionParams(**cache.meta["parameters"])
    second_half = params.frames - (params.rollouts // 2) * params.steps
    kept = sum(len(rows[name]) for name in ("pred_train", "pred_val", "test"))
    return second_half - kept, second_half


def _capped(train: Split, val: Split, cap: int | None, seed: int) -> tuple[Split, Split]:
    """Cap a part's size, sharing the cap between train and validation 80/20."""
    if cap is None:
        return train, val
    val_cap = int(cap * HOLDOUT + 0.5)
    return train.subset(cap - val_cap, seed), val.subset(val_cap, seed + 1)


def load_parts(
    home: Home,
    scale: DatasetScale,
    on_event: EventSink = ignore_events,
    onscreen: str | None = None,
) -> DatasetParts:
    """The five parts of the collection ``scale`` names, preparing it first when missing.

    ``onscreen`` (default: ``scale.onscreen``) picks the off-screen rule of the second half.
    """
    onscreen = onscreen or scale.onscreen
    params = params_for(scale)
    validate(params, onscreen)
    cache = prepare_collection(home, params, on_event=on_event).cache
    rows = part_rows(cache, onscreen)
    empty = [name for name, picked in rows.items() if len(picked) == 0]
    if empty:
        raise PercaeError(
            f"The LunarLander collection {cache.path} leaves {', '.join(empty)} without frames "
            f"once off-screen frames are removed (--onscreen {onscreen}).",
            hint="Prepare a larger collection (more --rollouts or --steps).",
        )
    images, positions = cache["images"], cache["positions"]

    def split(name: str, labelled: bool) -> Split:
        picked = rows[name]
        labels = np.asarray(positions[picked], dtype=np.float32) if labelled else None
        return Split(images, picked, labels)

    seed = params.seed
    ae_train, ae_val = _capped(
        split("ae_train", False), split("ae_val", False), scale.ae_images, seed
    )
    pred_train, pred_val = _capped(
        split("pred_train", True), split("pred_val", True), scale.pred_images, seed + 2
    )
    test = split("test", True).subset(scale.test_images, seed + 4)
    removed, second_half = offscreen_removed(cache, rows)
    return DatasetParts(
        dataset=DATASET,
        image_size=LUNARLANDER.image_size,
        task=LUNARLANDER.task,
        num_outputs=LUNARLANDER.num_outputs,
        ae_train=ae_train,
        ae_val=ae_val,
        pred_train=pred_train,
        pred_val=pred_val,
        test=test,
        meta={
            **cache.meta["parameters"],
            "onscreen": onscreen,
            "frames": int(len(images)),
            "offscreen_removed": removed,
            "second_half_frames": second_half,
            "path": str(cache.path),
            "checksum": cache.meta["checksum"],
        },
    )


def _repair_command(path: Path) -> str:
    """The command that rebuilds a damaged collection (its own parameters when readable)."""
    try:
        meta = json.loads((path / META_FILE).read_text())
        return CollectionParams(**meta["parameters"]).command(force=True)
    except (OSError, ValueError, KeyError, TypeError):
        return (
            f"delete {path}, then run `percae data prepare {DATASET}` with the parameters you want"
        )


def status(home: Home, verify: bool = False) -> list[dict[str, Any]]:
    """One entry per prepared collection: parameters, frames, bytes on disk, path.

    Every file's size, shape and dtype are checked (cheap); with ``verify`` also its SHA-256. A
    damaged collection is an entry with a ``problem`` and the ``repair`` command.
    """
    folder = home.dataset_dir(DATASET)
    if not folder.is_dir():
        return []
    entries: list[dict[str, Any]] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_dir():
            continue
        problem: str | None
        try:
            meta = read_meta(path, required=REQUIRED_META)
        except CorruptCacheError as exc:
            meta, problem = None, exc.message
        else:
            if meta is None:
                continue
            problem = cache_problem(path, verify, REQUIRED_META)
        if problem is not None or meta is None:
            entries.append(
                {
                    "path": str(path),
                    "key": path.name,
                    "problem": problem,
                    "repair": _repair_command(path),
                }
            )
            continue
        arrays = meta.get("arrays", {})
        entries.append(
            {
                "path": str(path),
                "key": path.name,
                "parameters": meta.get("parameters", {}),
                "frames": int(arrays.get("images", {}).get("shape", [0])[0]),
                "bytes": sum(int(info.get("bytes", 0)) for info in arrays.values()),
                "created": meta.get("created", ""),
            }
        )
    return entries


SPEC = DatasetSpec(
    description=LUNARLANDER,
    how_to_get=HOW_TO_GET,
    is_ready=is_ready,
    load_parts=load_parts,
    status=status,
)
