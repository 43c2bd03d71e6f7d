"""Which images a user's folder holds and what each is labelled (`percae data import images`).

Two layouts, both read without opening an image (that is `image_convert`'s job, in the one
writing pass):

- classification: ``PATH/<class>/...`` — every image file under a class subfolder (any depth)
  is that class; the classes are the subfolder names in sorted order (label 0, 1, ...);
- regression: ``--targets FILE.csv`` — a header row, then one row per image: the first column a
  path relative to PATH, the other columns numbers (the targets, as many outputs as columns).

Either may also say each image's part of Table I (`--parts folders`: the top-level folders
``autoencoder``, ``predictor`` and ``test``; `--parts column=NAME`: a CSV column holding one of
those words). Every problem is a `BadInputError` naming the file and what is wrong.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from percae_core.data.official_files import BadInputError
from percae_core.data.part_sizes import PART_ROLES

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp")
NOTHING_KEPT = "nothing was imported"


@dataclass(frozen=True)
class SourceImage:
    """One image to import: its file, its class label or target values, its part if given."""

    path: Path
    label: int = -1
    targets: tuple[float, ...] = ()
    part: str | None = None


@dataclass(frozen=True)
class SourceListing:
    """Everything found in the folder, before any image is read."""

    images: tuple[SourceImage, ...]
    classes: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()

    @property
    def is_classification(self) -> bool:
        return bool(self.classes)


def is_image_file(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES and not path.name.startswith(".")


def _image_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if is_image_file(p) and not p.is_dir())


def _subfolders(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def list_class_folders(source: Path, part_folders: bool) -> SourceListing:
    """The images of a class-subfolder layout (``PATH/<part>/<class>/`` when ``part_folders``)."""
    roots = _part_roots(source) if part_folders else {None: source}
    per_part = {part: _class_images(root) for part, root in roots.items()}
    classes = sorted({name for found in per_part.values() for name in found})
    if len(classes) < 2:
        shown = f"only the class {classes[0]!r}" if classes else "no class subfolders"
        raise BadInputError(
            f"{source} has {shown}; a classification dataset needs at least two classes, one "
            f"subfolder each (PATH/<class>/*.png); {NOTHING_KEPT}.",
            hint="Add a subfolder per class, or give --targets FILE.csv for a regression dataset.",
        )
    label = {name: index for index, name in enumerate(classes)}
    images = [
        SourceImage(path, label=label[name], part=part)
        for part, found in per_part.items()
        for name, paths in found.items()
        for path in paths
    ]
    return SourceListing(tuple(images), classes=tuple(classes))


def _part_roots(source: Path) -> dict[str | None, Path]:
    missing = [part for part in PART_ROLES if not (source / part).is_dir()]
    if missing:
        raise BadInputError(
            f"--parts folders: {source} has no {', '.join(missing)} subfolder; it needs one per "
            f"part ({', '.join(PART_ROLES)}), each holding the class subfolders; {NOTHING_KEPT}.",
            hint="Create those folders, or leave out --parts for a seeded split.",
        )
    return {part: source / part for part in PART_ROLES}


def _class_images(root: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for folder in _subfolders(root):
        files = _image_files(folder)
        if not files:
            raise BadInputError(
                f"The class folder {folder} holds no image ({', '.join(IMAGE_SUFFIXES)}); every "
                f"class needs images; {NOTHING_KEPT}.",
                hint="Add its images or remove the empty folder.",
            )
        found[folder.name] = files
    return found


def list_targets_csv(
    source: Path, csv_file: Path, part_column: str | None, part_folders: bool = False
) -> SourceListing:
    """The images and target values a targets CSV names (see the module docstring); with
    ``part_folders`` each path's first folder (autoencoder, predictor, test) is its part."""
    try:
        with open(csv_file, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise BadInputError(
            f"The targets file {csv_file} cannot be read ({exc}); {NOTHING_KEPT}.",
            hint="Give a CSV file: a header row, then image path and target numbers per row.",
        ) from exc
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    columns = _target_columns(csv_file, header, part_column)
    if not body:
        raise BadInputError(
            f"The targets file {csv_file} has no rows after its header; {NOTHING_KEPT}.",
            hint="Add one row per image: its path relative to PATH, then its target values.",
        )
    images = [
        _csv_image(source, csv_file, number, row, header, columns, part_column)
        for number, row in enumerate(body, start=2)
        if any(cell.strip() for cell in row)
    ]
    if part_folders:
        images = [_in_part_folder(source, csv_file, image) for image in images]
    names = tuple(header[i].strip() for i in columns)
    return SourceListing(tuple(images), targets=names)


def _in_part_folder(source: Path, csv_file: Path, image: SourceImage) -> SourceImage:
    part = image.path.relative_to(source).parts[0]
    if part not in PART_ROLES or len(image.path.relative_to(source).parts) < 2:
        raise BadInputError(
            f"--parts folders: {csv_file} names {image.path}, which is not under one of "
            f"{', '.join(PART_ROLES)} in {source}; {NOTHING_KEPT}.",
            hint="Put every image under PATH/autoencoder, PATH/predictor or PATH/test, or leave "
            "out --parts for a seeded split.",
        )
    return SourceImage(image.path, targets=image.targets, part=part)


def _target_columns(csv_file: Path, header: list[str], part_column: str | None) -> list[int]:
    names = [name.strip() for name in header]
    if part_column is not None and part_column not in names:
        raise BadInputError(
            f"--parts column={part_column}: the targets file {csv_file} has no column "
            f"{part_column!r} (its columns: {', '.join(names) or 'none'}); {NOTHING_KEPT}.",
            hint="Name a column of its header row.",
        )
    columns = [i for i, name in enumerate(names) if i > 0 and name != part_column]
    if not columns:
        raise BadInputError(
            f"The targets file {csv_file} has no target column: its header row must name the "
            f"image path column and then at least one target; {NOTHING_KEPT}.",
            hint="Write a header such as `path,x,y`.",
        )
    return columns


def _csv_image(
    source: Path,
    csv_file: Path,
    number: int,
    row: list[str],
    header: list[str],
    columns: list[int],
    part_column: str | None,
) -> SourceImage:
    where = f"{csv_file}, row {number}"
    if len(row) != len(header):
        raise BadInputError(
            f"{where} has {len(row)} values; the header has {len(header)}; {NOTHING_KEPT}.",
            hint="Give every row the image path and one value per target column.",
        )
    path = _relative_image(source, row[0].strip(), where)
    targets = tuple(_number(row[i], header[i].strip(), where) for i in columns)
    part = None
    if part_column is not None:
        part = row[[name.strip() for name in header].index(part_column)].strip().lower()
        if part not in PART_ROLES:
            raise BadInputError(
                f"{where}: the part {part!r} in column {part_column!r} is not one of "
                f"{', '.join(PART_ROLES)}; {NOTHING_KEPT}.",
                hint="Write autoencoder, predictor or test in that column.",
            )
    return SourceImage(path, targets=targets, part=part)


def _relative_image(source: Path, written: str, where: str) -> Path:
    relative = PurePosixPath(written.replace("\\", "/"))
    if not written or relative.is_absolute() or ".." in relative.parts:
        raise BadInputError(
            f"{where} names {written!r}, not a path inside {source}; {NOTHING_KEPT}.",
            hint="Write each image's path relative to PATH (e.g. frames/0001.png).",
        )
    path = source.joinpath(*relative.parts)
    if not path.is_file():
        raise BadInputError(
            f"{where} names {written}, but there is no such file ({path}); {NOTHING_KEPT}.",
            hint="Fix the path in the CSV or add the missing image.",
        )
    return path


def _number(text: str, column: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise BadInputError(
            f"{where}: the target {column!r} is {text.strip()!r}, not a finite number; "
            f"{NOTHING_KEPT}.",
            hint="Every target column must hold numbers (a regression dataset).",
        )
    return value
