"""Small STL-10 and SVHN files written in the official formats, with hand-placed pixels.

STL-10 ``*_X.bin``: per image, 3 channels of 96x96 bytes, each channel stored column by column
(byte ``col * 96 + row`` holds pixel (row, col)); ``*_y.bin``: one byte per image, labels 1..10.
SVHN ``*_32x32.mat``: MATLAB v5 with X (32, 32, 3, N) uint8 and y (N, 1) uint8, labels 1..10
(10 = digit 0). Each image has a marker: its top-left 8x8 (STL) / 4x4 (SVHN) block is pure red,
so an image turned on its side or flipped shows it elsewhere.

The `*_table` functions describe these files the way `official_files` describes the real ones
(their own MD5 sums and sizes), so the verified import path runs on them.
"""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

import numpy as np
import scipy.io

from percae_core.data.official_files import STL10_IMAGE_BYTES, OfficialFile, Stl10Files

STL10_COUNTS = {"train": 6, "test": 4, "unlabeled": 10}
SVHN_COUNTS = {"train": 12, "test": 6, "extra": 20}


def md5(path: Path) -> str:
    return hashlib.md5(Path(path).read_bytes(), usedforsecurity=False).hexdigest()


def upright_images(count: int, size: int, marker: int, seed: int) -> np.ndarray:
    """N x 3 x size x size uint8: dim random noise, a pure red top-left ``marker`` square."""
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 100, size=(count, 3, size, size), dtype=np.uint8)
    images[:, :, :marker, :marker] = 0
    images[:, 0, :marker, :marker] = 255
    return images


def stl10_column_major(upright: np.ndarray) -> bytes:
    """The official byte layout, written from its definition (byte col * 96 + row)."""
    rows, cols = np.meshgrid(np.arange(96), np.arange(96), indexing="ij")
    stored = np.zeros((len(upright), 3, 96 * 96), dtype=np.uint8)
    stored[:, :, cols * 96 + rows] = upright
    return stored.tobytes()


def write_stl10_folder(
    folder: Path, counts: dict[str, int] = STL10_COUNTS
) -> dict[str, np.ndarray]:
    """The five .bin files in ``folder``; returns the upright images and the 1..10 labels."""
    folder.mkdir(parents=True, exist_ok=True)
    truth: dict[str, np.ndarray] = {}
    for seed, (part, count) in enumerate(counts.items()):
        images = upright_images(count, 96, 8, seed)
        (folder / f"{part}_X.bin").write_bytes(stl10_column_major(images))
        truth[f"{part}_images"] = images
        if part != "unlabeled":
            labels = (np.arange(count) % 10 + 1).astype(np.uint8)
            (folder / f"{part}_y.bin").write_bytes(labels.tobytes())
            truth[f"{part}_y"] = labels
    return truth


def write_tar_gz(archive: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return archive


def write_stl10_archive(folder: Path, archive: Path) -> Path:
    """stl10_binary.tar.gz as the official one is laid out: members under stl10_binary/."""
    files = {"stl10_binary/class_names.txt": b"airplane\nbird\n"}
    for path in sorted(folder.glob("*.bin")):
        files[f"stl10_binary/{path.name}"] = path.read_bytes()
    return write_tar_gz(archive, files)


def stl10_table(folder: Path, archive: Path | None = None, url: str = "") -> Stl10Files:
    """An `Stl10Files` describing the test files (their MD5 sums, image counts, sizes)."""
    counts = {
        part: (folder / f"{part}_X.bin").stat().st_size // STL10_IMAGE_BYTES
        for part in STL10_COUNTS
    }
    members = {}
    for part, count in counts.items():
        members[f"{part}_X.bin"] = OfficialFile(
            f"{part}_X.bin", md5(folder / f"{part}_X.bin"), url, count * STL10_IMAGE_BYTES
        )
        if part != "unlabeled":
            members[f"{part}_y.bin"] = OfficialFile(
                f"{part}_y.bin", md5(folder / f"{part}_y.bin"), url, count
            )
    archive_md5 = md5(archive) if archive is not None else "0" * 32
    return Stl10Files(
        archive=OfficialFile("stl10_binary.tar.gz", archive_md5, url), members=members
    )


def write_svhn_folder(folder: Path, counts: dict[str, int] = SVHN_COUNTS) -> dict[str, np.ndarray]:
    """train/test/extra_32x32.mat in ``folder``; returns upright images and official labels."""
    folder.mkdir(parents=True, exist_ok=True)
    truth: dict[str, np.ndarray] = {}
    for seed, (split, count) in enumerate(counts.items()):
        images = upright_images(count, 32, 4, seed + 10)
        x = np.ascontiguousarray(images.transpose(2, 3, 1, 0))  # N,C,H,W -> H,W,C,N as in the .mat
        y = (np.arange(count) % 10 + 1).astype(np.uint8).reshape(-1, 1)
        scipy.io.savemat(folder / f"{split}_32x32.mat", {"X": x, "y": y}, do_compression=True)
        truth[f"{split}_images"] = images
        truth[f"{split}_y"] = y.reshape(-1)
    return truth


def svhn_table(folder: Path, url_base: str = "") -> dict[str, OfficialFile]:
    return {
        split: OfficialFile(
            f"{split}_32x32.mat", md5(folder / f"{split}_32x32.mat"), f"{url_base}{split}_32x32.mat"
        )
        for split in SVHN_COUNTS
    }
