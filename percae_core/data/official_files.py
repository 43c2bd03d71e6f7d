"""The official STL-10 and SVHN files: names, sizes, MD5 sums and where to get them.

The MD5 sums and addresses are torchvision's (its dataset classes `STL10` and `SVHN`, the ones its
downloader checks), so an import from files fetched by hand is held to the same standard as a
download. They are copied here rather than read from torchvision so that `percae data status`
starts without torch; a test checks the copy against torchvision. Tests swap these tables for
ones describing their own small files.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from percae_core.errors import PercaeError
from percae_core.events import EventSink, TaskAdvanced, TaskFinished, TaskStarted, ignore_events
from percae_core.storage.checksum import file_digest

STL10_IMAGE_BYTES = 3 * 96 * 96
_CHUNK = 8 * 1024 * 1024
MB = 1_000_000


class BadInputError(PercaeError):
    """An input file that is missing, truncated, corrupt or not the one expected."""


@dataclass(frozen=True)
class OfficialFile:
    """One official file: its name, MD5 sum, size in bytes (None: not fixed) and address."""

    name: str
    md5: str
    url: str
    size: int | None = None


@dataclass(frozen=True)
class Stl10Files:
    """The STL-10 archive and the five files in it that percae uses."""

    archive: OfficialFile
    members: dict[str, OfficialFile]


STL10_COUNTS = {"train": 5_000, "test": 8_000, "unlabeled": 100_000}

#: torchvision's `STL10.url`, `STL10.filename` and `STL10.tgz_md5`.
STL10_URL = "http://ai.stanford.edu/~acoates/stl10/stl10_binary.tar.gz"
STL10_ARCHIVE = ("stl10_binary.tar.gz", "91f7769df0f17e558f3565bffb0c7dfb")
#: torchvision's `STL10.train_list + STL10.test_list`: each .bin file's MD5 sum.
STL10_MEMBER_MD5 = {
    "train_X.bin": "918c2871b30a85fa023e0c44e0bee87f",
    "train_y.bin": "5a34089d4802c674881badbb80307741",
    "unlabeled_X.bin": "5242ba1fed5e4be9e1e742405eb56ca4",
    "test_X.bin": "7f263ba9f9e0b06b93213547f721ac82",
    "test_y.bin": "36f9794fa4beb8a2c72628de14fa638e",
}
#: torchvision's `SVHN.split_list`: split -> (url, file name, MD5 sum).
SVHN_SPLITS = {
    "train": (
        "http://ufldl.stanford.edu/housenumbers/train_32x32.mat",
        "train_32x32.mat",
        "e26dedcc434d2e4c54c9b2d4a06d8373",
    ),
    "test": (
        "http://ufldl.stanford.edu/housenumbers/test_32x32.mat",
        "test_32x32.mat",
        "eb5a983be6a315427106f1b164d9cef3",
    ),
    "extra": (
        "http://ufldl.stanford.edu/housenumbers/extra_32x32.mat",
        "extra_32x32.mat",
        "a93ce644f1a588dc4d68dda5feec44a7",
    ),
}


def _stl10_members() -> dict[str, OfficialFile]:
    """Each .bin with torchvision's MD5 sum; its size follows from the official image count."""
    members: dict[str, OfficialFile] = {}
    for part, count in STL10_COUNTS.items():
        name = f"{part}_X.bin"
        members[name] = OfficialFile(
            name, STL10_MEMBER_MD5[name], STL10_URL, count * STL10_IMAGE_BYTES
        )
        if part != "unlabeled":
            name = f"{part}_y.bin"
            members[name] = OfficialFile(name, STL10_MEMBER_MD5[name], STL10_URL, count)
    return members


STL10_FILES = Stl10Files(archive=OfficialFile(*STL10_ARCHIVE, STL10_URL), members=_stl10_members())

SVHN_FILES: dict[str, OfficialFile] = {
    split: OfficialFile(name=filename, md5=md5, url=url)
    for split, (url, filename, md5) in SVHN_SPLITS.items()
}

STL10_PAGE = "https://cs.stanford.edu/~acoates/stl10/"
SVHN_PAGE = "http://ufldl.stanford.edu/housenumbers/"


class ByteSource(Protocol):
    """What an importer reads bytes from: an open file, a tar member, a `HashingReader`."""

    def read(self, size: int = -1, /) -> bytes: ...


class HashingReader:
    """A read-only file wrapper that feeds every byte read through MD5 (one pass: hash + parse)."""

    def __init__(self, handle: BinaryIO, on_read: ByteCounter | None = None) -> None:
        self.handle = handle
        self.digest = hashlib.md5(usedforsecurity=False)
        self.on_read = on_read

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        if self.on_read is not None:
            self.on_read(len(data))
        return data

    def finish(self) -> str:
        """Read what is left (so the sum covers the whole file) and return the MD5 hex digest."""
        while self.read(_CHUNK):
            pass
        return self.digest.hexdigest()


class ByteCounter:
    """Reports bytes read as progress of one task, in whole megabytes (unit "MB")."""

    def __init__(self, task: str, on_event: EventSink) -> None:
        self.task = task
        self.on_event = on_event
        self.pending = 0

    def __call__(self, count: int) -> None:
        self.pending += count
        if self.pending >= MB:
            whole = self.pending // MB
            self.pending -= whole * MB
            self.on_event(TaskAdvanced(self.task, whole))


def megabytes(size: int) -> int:
    """A byte count as the progress total of a `ByteCounter` task."""
    return max(1, -(-size // MB))


def file_md5(path: Path, on_event: EventSink = ignore_events) -> str:
    """The MD5 hex digest of a file, reported as progress in bytes."""
    task = f"md5:{path}"
    on_event(TaskStarted(task, f"checking {path.name}", megabytes(path.stat().st_size), "MB"))
    digest = file_digest(path, "md5", on_chunk=ByteCounter(task, on_event))
    on_event(TaskFinished(task))
    return digest


def md5_mismatch(path: Path | str, found: str, official: OfficialFile, page: str) -> BadInputError:
    return BadInputError(
        f"{path} does not match the official {official.name}: its MD5 sum is {found}, the "
        f"official one is {official.md5}. The file is damaged (an interrupted download?) or is "
        "not the official file; nothing was imported and the existing cache, if any, is kept.",
        hint=f"Download {official.name} again from {official.url} (listed on {page}) and import "
        "it again, or pass --no-verify to import it unchecked.",
    )


def check_md5(
    path: Path, official: OfficialFile, page: str, on_event: EventSink = ignore_events
) -> None:
    """Raise `BadInputError` unless the file's MD5 sum is the official one."""
    found = file_md5(path, on_event)
    if found != official.md5:
        raise md5_mismatch(path, found, official, page)
