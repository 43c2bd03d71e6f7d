"""The official STL-10 files -> percae's uint8 cache, from the archive or its extracted folder.

`import_stl10` reads ``stl10_binary.tar.gz`` as a stream (members converted as they come, never
extracted to disk) or a folder of the ``.bin`` files, in one pass that converts and computes MD5
sums together. Images go in chunks into a memory-mapped array: the 2.76 GB unlabeled file is
never held in RAM, and never as float. Each STL-10 image is stored channel by channel, each
channel column by column; the cache holds them upright as N x 3 x 96 x 96.

Checks: with ``verify`` every file must have its official size and MD5 sum (torchvision's sums
for the archive and for each extracted ``.bin``); always, the structure must hold (whole images,
one label per image, labels 1..10). Any failure leaves the existing cache as it was.
"""

from __future__ import annotations

import tarfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np

from percae_core.data import official_files
from percae_core.data.cache import CacheWriter
from percae_core.data.catalog import STL10
from percae_core.data.import_template import download_once, import_into_cache, warn_unverified
from percae_core.data.importer import DatasetImporter
from percae_core.data.official_download import fetch
from percae_core.data.official_files import (
    STL10_FILES,
    STL10_IMAGE_BYTES,
    STL10_PAGE,
    BadInputError,
    ByteCounter,
    ByteSource,
    HashingReader,
    Stl10Files,
    md5_mismatch,
    megabytes,
)
from percae_core.data.stl10 import HOW_TO_GET, NAME, PARTS, TITLE, raw_dir
from percae_core.events import EventSink, TaskFinished, TaskStarted, ignore_events
from percae_core.paths import Home

IMAGES_PER_CHUNK = 512
REFETCH = (
    f"Download {STL10_FILES.archive.name} again from {STL10_FILES.archive.url} (or extract its "
    "stl10_binary folder again) and repeat the import."
)
_ARCHIVE_ERRORS = (tarfile.TarError, EOFError, zlib.error, OSError)


def import_stl10(
    home: Home,
    source: Path,
    verify: bool = True,
    on_event: EventSink = ignore_events,
    official: Stl10Files | None = None,
) -> dict[str, Any]:
    """Convert the official STL-10 files at ``source`` into the cache; returns its metadata."""
    official = official or official_files.STL10_FILES
    kind, path = _locate(Path(source).expanduser(), official)
    if not verify:
        warn_unverified(on_event, f"{path} is", "MD5 sums and sizes")
    meta = {"dataset": NAME, "source": str(path.resolve()), "verified": verify}
    task = f"import:{NAME}"
    total = (
        path.stat().st_size
        if kind == "archive"
        else sum((path / name).stat().st_size for name in official.members)
    )
    on_event(TaskStarted(task, f"importing {TITLE} ({path.name})", megabytes(total), "MB"))

    def convert(writer: CacheWriter) -> None:
        converter = _Converter(writer, official, verify)
        read = _read_archive if kind == "archive" else _read_folder
        read(path, converter, official, verify, ByteCounter(task, on_event))
        writer.meta.update(converter.summary())

    imported = import_into_cache(home, STL10, meta, convert)
    on_event(TaskFinished(task))
    return imported


def download_stl10(
    home: Home, on_event: EventSink = ignore_events, official: Stl10Files | None = None
) -> dict[str, Any]:
    """Download the official archive into ``raw`` (unless there) and import it, verified."""
    official = official or official_files.STL10_FILES
    files = official

    def fetch_and_import() -> dict[str, Any]:
        archive = fetch(files.archive, raw_dir(home), STL10_PAGE, HOW_TO_GET, on_event)
        return import_stl10(home, archive, verify=True, on_event=on_event, official=files)

    expected = {official.archive.name: official.archive.md5}
    return download_once(home, STL10, expected, fetch_and_import, on_event)


def _locate(source: Path, official: Stl10Files) -> tuple[str, Path]:
    """('archive', file) or ('folder', folder holding the .bin files)."""
    names = list(official.members)
    if not source.exists():
        raise BadInputError(f"{source} does not exist.", hint=HOW_TO_GET)
    if source.is_file():
        return "archive", source
    for folder in (source, source / "stl10_binary"):
        present = [name for name in names if (folder / name).exists()]
        if present:
            missing = [name for name in names if name not in present]
            if missing:
                raise BadInputError(
                    f"The folder {folder} lacks {', '.join(missing)} of the STL-10 files "
                    f"({', '.join(names)}); nothing was imported.",
                    hint=f"Extract all of {official.archive.name} there again, or import the "
                    "archive itself.",
                )
            return "folder", folder
    if (source / official.archive.name).is_file():
        return "archive", source / official.archive.name
    raise BadInputError(
        f"{source} holds neither the STL-10 archive ({official.archive.name}) nor its extracted "
        f"files ({', '.join(names)}).",
        hint=HOW_TO_GET,
    )


def _read_folder(
    folder: Path, converter: _Converter, official: Stl10Files, verify: bool, counter: ByteCounter
) -> None:
    for name in official.members:
        _check_regular(folder / name)
        converter.check_size(f"{name} in {folder}", name, (folder / name).stat().st_size)
    for name, expected in official.members.items():
        with open(folder / name, "rb") as handle:
            reader = HashingReader(handle, counter)
            converter.convert(f"{name} in {folder}", name, (folder / name).stat().st_size, reader)
            digest = reader.finish()
        converter.md5[name] = digest
        if verify and digest != expected.md5:
            raise md5_mismatch(folder / name, digest, expected, STL10_PAGE)
    converter.check_complete(folder)


def _check_regular(path: Path) -> None:
    """Refuse a FIFO, device or folder under a member's name (reading one would block or fail),
    as the archive path skips members that are not regular files."""
    if not path.is_file():
        raise BadInputError(
            f"{path} is not a regular file (a FIFO, device or folder), so it is not an STL-10 "
            "file; nothing was imported.",
            hint="Extract the official archive there again, or import the archive itself.",
        )


def _read_archive(
    archive: Path, converter: _Converter, official: Stl10Files, verify: bool, counter: ByteCounter
) -> None:
    with open(archive, "rb") as handle:
        reader = HashingReader(handle, counter)
        try:
            # typeshed asks every fileobj for write/seek/tell; stream mode ("r|") only reads
            tar = tarfile.open(fileobj=reader, mode="r|*")  # type: ignore[call-overload]
        except _ARCHIVE_ERRORS as exc:
            raise BadInputError(
                f"{archive} is not a tar archive ({exc}), so it is not the STL-10 archive; "
                "nothing was imported.",
                hint=HOW_TO_GET,
            ) from exc
        seen: list[str] = []
        try:
            with tar:
                for member in tar:
                    seen.append(member.name)
                    name = PurePosixPath(member.name).name
                    if name not in official.members or not member.isfile():
                        continue
                    where = f"{member.name} in {archive}"
                    converter.check_size(where, name, member.size)
                    stream = tar.extractfile(member)
                    if stream is not None:
                        converter.convert(where, name, member.size, stream)
            digest = reader.finish()
        except _ARCHIVE_ERRORS as exc:
            raise BadInputError(
                f"{archive} is damaged: it could not be read to the end ({exc}); nothing was "
                "imported and the existing cache, if any, is kept.",
                hint=REFETCH,
            ) from exc
    missing = [name for name in official.members if name not in converter.done]
    if missing:
        shown = ", ".join(seen[:5]) + (", ..." if len(seen) > 5 else "")
        raise BadInputError(
            f"{archive} is not the STL-10 archive: it has no {', '.join(missing)} (it holds "
            f"{shown or 'nothing'}); nothing was imported.",
            hint=HOW_TO_GET,
        )
    converter.md5[official.archive.name] = digest
    if verify and digest != official.archive.md5:
        raise md5_mismatch(archive, digest, official.archive, STL10_PAGE)
    converter.check_complete(archive)


class _Converter:
    """Turns each official member (``{part}_X.bin`` / ``{part}_y.bin``) into cache arrays."""

    def __init__(self, writer: CacheWriter, official: Stl10Files, verify: bool) -> None:
        self.writer = writer
        self.official = official
        self.verify = verify
        self.counts: dict[str, int] = {}
        self.labels: dict[str, int] = {}
        self.done: set[str] = set()
        self.md5: dict[str, str] = {}

    def check_size(self, where: str, name: str, size: int) -> None:
        """Whole images (and, when verifying, the official size): fails before any converting."""
        expected = self.official.members[name].size
        if name.endswith("_X.bin") and (size == 0 or size % STL10_IMAGE_BYTES):
            raise BadInputError(
                f"{where} is {size:,} bytes, not a whole number of 96x96x3 images "
                f"({STL10_IMAGE_BYTES:,} bytes each): the file is truncated or not an STL-10 "
                "image file; nothing was imported.",
                hint=REFETCH,
            )
        if self.verify and expected is not None and size != expected:
            raise BadInputError(
                f"{where} is {size:,} bytes; the official {name} is {expected:,} bytes. The file "
                "is truncated or not the official one; nothing was imported.",
                hint=REFETCH + " Or pass --no-verify to import it unchecked.",
            )

    def convert(self, where: str, name: str, size: int, stream: ByteSource) -> None:
        part = name.split("_")[0]
        if name.endswith("_X.bin"):
            self.counts[part] = self._images(where, part, size // STL10_IMAGE_BYTES, stream)
        else:
            self.labels[part] = self._labels(where, part, size, stream)
        self.done.add(name)

    def _images(self, where: str, part: str, count: int, stream: ByteSource) -> int:
        images = self.writer.allocate(f"{part}_images", (count, 3, 96, 96), np.uint8)
        for start in range(0, count, IMAGES_PER_CHUNK):
            rows = min(IMAGES_PER_CHUNK, count - start)
            block = _read_exact(stream, rows * STL10_IMAGE_BYTES, where)
            # Stored per channel column by column: swap the last two axes to stand them upright.
            stored = np.frombuffer(block, dtype=np.uint8).reshape(rows, 3, 96, 96)
            images[start : start + rows] = stored.transpose(0, 1, 3, 2)
        return count

    def _labels(self, where: str, part: str, size: int, stream: ByteSource) -> int:
        raw = np.frombuffer(_read_exact(stream, size, where), dtype=np.uint8)
        if raw.size == 0 or raw.min() < 1 or raw.max() > 10:
            raise BadInputError(
                f"{where} holds labels outside 1..10, so it is not an STL-10 label file; "
                "nothing was imported.",
                hint=REFETCH,
            )
        self.writer.put(f"{part}_labels", raw.astype(np.int64) - 1)
        return int(raw.size)

    def check_complete(self, where: Path) -> None:
        for part in PARTS:
            if part in self.labels and self.labels[part] != self.counts.get(part):
                raise BadInputError(
                    f"In {where}, {part}_y.bin has {self.labels[part]:,} labels but "
                    f"{part}_X.bin has {self.counts.get(part, 0):,} images; nothing was imported.",
                    hint="The two files do not belong together. " + REFETCH,
                )

    def summary(self) -> dict[str, Any]:
        return {"counts": dict(self.counts), "md5": dict(self.md5)}


def _read_exact(stream: ByteSource, size: int, where: str) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise BadInputError(
            f"{where} ended early (truncated); nothing was imported.",
            hint=REFETCH,
        )
    return data


#: The catalog's importer contract (`percae_core/data/importer.py`).
IMPORTER = DatasetImporter(import_files=import_stl10, download=download_stl10)
