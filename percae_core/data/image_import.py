"""`percae data import images PATH --name NAME`: a user's image folder -> a dataset in the home.

One streaming pass: the folder is listed first (file names and labels only, `image_sources`),
the parts drawn (`image_parts`), then every image is decoded, converted (`image_convert`) and
written straight into its part's memory-mapped uint8 array, so a collection larger than RAM
imports in bounded memory. Everything is built in a hidden folder beside the destination
(``<home>/datasets/.NAME.partial-PID``): the cache with its checksums (`cache.CacheWriter`),
then ``description.json``; the folder is renamed to ``<home>/datasets/NAME`` only when whole.
An error or Ctrl-C removes it, so nothing half-imported is ever registered.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from percae_core.data.cache import CacheWriter, remove_partials
from percae_core.data.catalog import builtin_names
from percae_core.data.description import DatasetDescription, PaperParts
from percae_core.data.home_datasets import DESCRIPTION_FILE, description_json, read_description
from percae_core.data.image_convert import METHOD, load_model_image
from percae_core.data.image_parts import (
    PartsChoice,
    assign_parts,
    images_needed,
    parse_parts,
    user_scales,
)
from percae_core.data.image_sources import SourceListing, list_class_folders, list_targets_csv
from percae_core.data.official_files import BadInputError
from percae_core.data.part_sizes import PART_ROLES, check_part_sizes
from percae_core.errors import Interrupted, PercaeError, UsageError
from percae_core.events import EventSink, TaskAdvanced, TaskFinished, TaskStarted, ignore_events
from percae_core.paths import Home
from percae_core.storage.atomic_write import publish_folder
from percae_core.storage.locks import work_lock

#: What `percae data import` takes instead of a built-in dataset's name for a user's folder.
IMAGE_FOLDER = "images"
USER_ORDER = 100
"""Where a user's datasets sort in tables: after the paper's three."""
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
ADVANCE_EVERY = 64


@dataclass(frozen=True)
class ImageImportRequest:
    """Everything `percae data import images` was asked for."""

    source: Path
    name: str
    targets: Path | None = None
    size: int = 64
    parts: str = "60/20/20"
    seed: int = 0
    verify: bool = True
    force: bool = False
    profile: str = "quick"
    title: str | None = None


def check_size(size: int) -> None:
    """The autoencoder takes sides of 64 + 16n pixels (`models.autoencoder.check_input_size`)."""
    if size < 64 or (size - 64) % 16:
        raise UsageError(
            f"--size {size} is not a side the autoencoder takes (64 + 16n pixels: 64, 80, 96, "
            "...).",
            hint="Use --size 64 (SVHN's size) or --size 96 (STL-10's).",
        )


def check_name(home: Home, name: str, force: bool) -> None:
    """A free, well-formed dataset name (a taken one only with ``force``)."""
    if not NAME_PATTERN.match(name):
        raise UsageError(
            f"--name {name!r} is not a dataset name.",
            hint="Use 1-40 lower-case letters, digits, '-' or '_', starting with a letter.",
        )
    if name in builtin_names():
        raise BadInputError(
            f"--name {name!r} is the name of a built-in dataset; nothing was imported.",
            hint="Choose another name for your images.",
        )
    folder = home.dataset_dir(name)
    if folder.exists() and not force:
        what = "an imported dataset" if read_description(folder) else "a folder"
        raise BadInputError(
            f"--name {name!r} is taken: {folder} already holds {what}; nothing was imported.",
            hint="Choose another name, or pass --force to replace it.",
        )


def list_sources(request: ImageImportRequest, choice: PartsChoice) -> SourceListing:
    source = request.source
    if not source.is_dir():
        raise BadInputError(
            f"{source} is not a folder; nothing was imported.",
            hint="Give the folder holding the class subfolders (or the images the --targets "
            "CSV names).",
        )
    if request.targets is not None:
        return list_targets_csv(source, request.targets, choice.column, choice.folders)
    if choice.column is not None:
        raise UsageError(
            f"--parts {choice.text} names a CSV column, but no --targets CSV was given.",
            hint="Use --parts folders or a split such as 60/20/20 for class subfolders.",
        )
    return list_class_folders(source, choice.folders)


def _counts(parts: np.ndarray) -> tuple[int, int, int]:
    ae, predictor, test = (int((parts == index).sum()) for index in range(len(PART_ROLES)))
    return ae, predictor, test


def _check_enough(
    request: ImageImportRequest, title: str, choice: PartsChoice, counts: tuple[int, int, int]
) -> None:
    scale = user_scales(request.size, counts)[request.profile]
    if choice.fractions is not None and sum(counts) < images_needed(choice):
        raise BadInputError(
            f"{request.source} holds {sum(counts)} images; the {request.profile} profile needs "
            f"at least {images_needed(choice)} with --parts {choice.text} (enough for every "
            "part's train/validation split); nothing was imported.",
            hint="Add images, or choose the parts yourself with --parts folders|column=NAME.",
        )
    check_part_sizes(
        title,
        dict(zip(PART_ROLES, counts)),
        scale,
        hint="Add images to that part; nothing was imported.",
    )


def describe_import(
    request: ImageImportRequest, listing: SourceListing, counts: tuple[int, int, int]
) -> DatasetDescription:
    """The catalog entry of the imported dataset (stored as its ``description.json``)."""
    classification = listing.is_classification
    return DatasetDescription(
        name=request.name,
        title=request.title or request.name,
        order=USER_ORDER,
        task="classification" if classification else "regression",
        metric="accuracy" if classification else "distance",
        num_outputs=len(listing.classes) if classification else len(listing.targets),
        image_size=(request.size, request.size),
        obtain=("import",),
        paper_parts=PaperParts(ae=counts[0], predictor=counts[1], test=counts[2]),
        scales=user_scales(request.size, counts),
        module="",
        stored_parts=PART_ROLES,
        import_source=str(request.source.resolve()),
        in_home=True,
        classes=listing.classes,
        targets=listing.targets,
    )


def import_images(
    home: Home, request: ImageImportRequest, on_event: EventSink = ignore_events
) -> DatasetDescription:
    """Import the folder ``request.source`` as the dataset ``request.name``; returns its entry."""
    check_size(request.size)
    check_name(home, request.name, request.force)
    choice = parse_parts(request.parts)
    listing = list_sources(request, choice)
    parts = assign_parts(listing, choice, request.seed)
    counts = _counts(parts)
    _check_enough(request, request.title or request.name, choice, counts)
    description = describe_import(request, listing, counts)
    home.ensure()
    with work_lock(home.root, f"dataset-{request.name}", f"the import of {request.name}", on_event):
        _build_and_publish(home, request, description, listing, parts, on_event)
    return description


def _build_and_publish(
    home: Home,
    request: ImageImportRequest,
    description: DatasetDescription,
    listing: SourceListing,
    parts: np.ndarray,
    on_event: EventSink,
) -> None:
    target = home.dataset_dir(request.name)
    remove_partials(target)
    staging = target.parent / f".{target.name}.partial-{os.getpid()}"
    try:
        staging.mkdir()
        _write_cache(staging / "cache", request, description, listing, parts, on_event)
        (staging / DESCRIPTION_FILE).write_text(description_json(description))
        publish_folder(staging, target)
    except OSError as exc:
        raise PercaeError(
            f"Could not write the dataset {target} ({exc.strerror or exc}); nothing "
            "half-imported was kept.",
            hint="Check the home folder's permissions and free space, or choose another home "
            "with --home.",
        ) from exc
    except KeyboardInterrupt:
        raise Interrupted(
            f"The import of {request.source} was stopped; nothing half-imported was kept"
            + (
                f" and the dataset {request.name} that was there is unchanged."
                if target.exists()
                else "."
            ),
            hint="Run the same `percae data import images ...` again to import from the start.",
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _import_meta(request: ImageImportRequest, description: DatasetDescription) -> dict[str, Any]:
    return {
        "dataset": request.name,
        "source": description.import_source,
        "verified": request.verify,
        "method": METHOD,
        "parts": parse_parts(request.parts).text,
        "seed": request.seed,
        "counts": dict(zip(PART_ROLES, _part_counts(description.paper_parts))),
    }


def _part_counts(parts: PaperParts) -> tuple[int, int, int]:
    return parts.ae, parts.predictor, parts.test


def _write_cache(
    folder: Path,
    request: ImageImportRequest,
    description: DatasetDescription,
    listing: SourceListing,
    parts: np.ndarray,
    on_event: EventSink,
) -> None:
    task = f"import:{request.name}"
    total = len(listing.images)
    on_event(
        TaskStarted(task, f"importing {request.source.name} as {request.name}", total, "images")
    )
    with CacheWriter(folder, _import_meta(request, description)) as writer:
        side = request.size
        arrays = {
            role: writer.allocate(
                f"{role}_images", (int((parts == i).sum()), 3, side, side), np.uint8
            )
            for i, role in enumerate(PART_ROLES)
        }
        rows = {role: 0 for role in PART_ROLES}
        reported = 0
        for done, (image, part) in enumerate(zip(listing.images, parts), start=1):
            role = PART_ROLES[int(part)]
            arrays[role][rows[role]] = load_model_image(image.path, side, request.verify)
            rows[role] += 1
            if done - reported >= ADVANCE_EVERY or done == total:
                on_event(TaskAdvanced(task, done - reported))
                reported = done
        for i, role in enumerate(PART_ROLES):
            writer.put(f"{role}_labels", _labels(listing, parts == i))
    on_event(TaskFinished(task))


def _labels(listing: SourceListing, chosen: np.ndarray) -> np.ndarray:
    picked = [image for image, keep in zip(listing.images, chosen) if keep]
    if listing.is_classification:
        return np.array([image.label for image in picked], dtype=np.int64)
    return np.array([image.targets for image in picked], dtype=np.float32).reshape(
        len(picked), len(listing.targets)
    )
