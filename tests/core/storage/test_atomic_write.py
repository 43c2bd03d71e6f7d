"""The one atomic writer: unpredictable temporary names, planted links never followed, no leftovers."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from percae_core.storage.atomic_write import atomic_file, write_text_atomically

REPO = Path(__file__).resolve().parents[3]


def _predictable_names(target: Path) -> list[Path]:
    pid = os.getpid()
    return [
        target.with_name(f".{target.name}.tmp-{pid}"),
        target.with_name(f".{target.name}.partial-{pid}"),
        target.with_name(f".{target.name}.{pid}.tmp"),
        target.with_name(f".{target.name}.{pid}.partial"),
        target.with_name(f"{target.name}.partial-{pid}.npy"),
    ]


def test_a_symlink_planted_at_a_predictable_temporary_name_is_never_followed(
    tmp_path: Path,
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    target = tmp_path / "results.md"
    for planted in _predictable_names(target):
        planted.symlink_to(victim)
    write_text_atomically(target, "the results\n")
    assert victim.read_text() == "precious"
    assert target.read_text() == "the results\n" and not target.is_symlink()


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "data.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_file(target) as handle:
        handle.write(b"half of the new")
        raise RuntimeError("killed")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.bin"]


def test_the_permission_bits_asked_for_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_text_atomically(target, "x", mode=0o640)
    assert target.stat().st_mode & 0o777 == 0o640


def test_every_file_replacement_in_the_project_goes_through_the_one_writer() -> None:
    offenders = []
    for source in sorted((REPO / "percae_core").rglob("*.py")) + sorted(
        (REPO / "percae_tui").rglob("*.py")
    ):
        if source.name == "atomic_write.py":
            continue
        text = source.read_text()
        if "os.replace(" in text or re.search(r"\.tmp-|getpid\(\)\}\.tmp", text):
            offenders.append(str(source.relative_to(REPO)))
    assert offenders == []
