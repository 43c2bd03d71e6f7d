"""The dataset cache: published atomically, nothing left by a failed write, damage detected."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from percae_core.data.cache import CacheWriter, open_cache, read_meta, remove_partials
from percae_core.errors import CorruptCacheError


def _write(target, meta=None):
    with CacheWriter(target, meta or {"name": "demo"}) as writer:
        images = writer.allocate("images", (4, 3, 2, 2), np.uint8)
        images[:] = np.arange(48, dtype=np.uint8).reshape(4, 3, 2, 2)
        writer.put("labels", np.array([1.5, 2.5, 3.5, 4.5], np.float32))
    return target


def test_published_cache_reads_back_with_its_meta_and_checksum(tmp_path) -> None:
    target = _write(tmp_path / "demo")
    cache = open_cache(target, verify=True)
    assert cache.meta["name"] == "demo"
    assert len(cache.meta["checksum"]) == 64
    assert cache["images"][3, 2, 1, 1] == 47
    assert cache["labels"].tolist() == [1.5, 2.5, 3.5, 4.5]
    assert cache.size_bytes == sum(f.stat().st_size for f in target.glob("*.npy"))
    assert [p.name for p in tmp_path.iterdir()] == ["demo"]


def test_failed_write_leaves_nothing_and_keeps_an_older_cache(tmp_path) -> None:
    target = tmp_path / "demo"
    with pytest.raises(KeyboardInterrupt):
        with CacheWriter(target, {}) as writer:
            writer.allocate("images", (4, 3), np.uint8)[:] = 7
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    _write(target, {"name": "old"})
    with pytest.raises(RuntimeError):
        with CacheWriter(target, {"name": "new"}) as writer:
            writer.put("labels", np.zeros(3))
            raise RuntimeError("writer failed")
    assert read_meta(target)["name"] == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["demo"]


def test_rewrite_replaces_the_cache_in_one_step(tmp_path) -> None:
    target = _write(tmp_path / "demo", {"name": "old"})
    _write(target, {"name": "new"})
    assert open_cache(target, verify=True).meta["name"] == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["demo"]


def test_truncated_file_is_detected_and_the_fix_named(tmp_path) -> None:
    target = _write(tmp_path / "demo")
    with open(target / "images.npy", "r+b") as handle:
        handle.truncate(100)
    with pytest.raises(CorruptCacheError) as caught:
        open_cache(target, fix="Run `percae data prepare x --force`.")
    assert "truncated" in caught.value.message
    assert "--force" in caught.value.hint


def test_changed_shape_is_detected(tmp_path) -> None:
    target = _write(tmp_path / "demo")
    meta = json.loads((target / "meta.json").read_text())
    meta["arrays"]["labels"]["shape"] = [5]
    (target / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(CorruptCacheError, match="labels.npy holds"):
        open_cache(target)


def test_flipped_byte_is_caught_by_the_checksum_only_when_verifying(tmp_path) -> None:
    target = _write(tmp_path / "demo")
    with open(target / "images.npy", "r+b") as handle:
        handle.seek(-1, os.SEEK_END)
        handle.write(b"\xff")
    assert open_cache(target)["images"][3, 2, 1, 1] == 255
    with pytest.raises(CorruptCacheError, match="SHA-256"):
        open_cache(target, verify=True)


def test_missing_meta_means_not_a_cache(tmp_path) -> None:
    target = _write(tmp_path / "demo")
    (target / "meta.json").unlink()
    assert read_meta(target) is None
    with pytest.raises(CorruptCacheError, match="meta.json is missing"):
        open_cache(target)


def test_leftovers_of_dead_writers_go_but_a_running_writers_stay(tmp_path) -> None:
    target = tmp_path / "demo"
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = tmp_path / f".demo.partial-{finished.stdout.strip()}"
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        alive = tmp_path / f".demo.partial-{running.pid}"
        dead.mkdir()
        alive.mkdir()
        remove_partials(target)
        assert not dead.exists()
        assert alive.exists()
    finally:
        running.kill()
        running.wait()


def test_full_disk_is_reported_before_any_frame_is_written(tmp_path, monkeypatch) -> None:
    import errno

    from percae_core.data import cache as cache_module
    from percae_core.errors import PercaeError

    def full(fd, offset, length):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache_module.os, "posix_fallocate", full, raising=False)
    with pytest.raises(PercaeError, match="is full") as caught:
        with CacheWriter(tmp_path / "demo", {}) as writer:
            writer.allocate("images", (1000, 3, 64, 64), np.uint8)
    assert "Free at least" in caught.value.hint and "--home" in caught.value.hint
    assert "Nothing was kept of the unfinished cache." in caught.value.message
    assert list(tmp_path.iterdir()) == []


def test_unreadable_meta_names_the_given_fix(tmp_path) -> None:
    target = _write(tmp_path / "demo")
    (target / "meta.json").write_text("{not json")
    with pytest.raises(CorruptCacheError) as caught:
        read_meta(target, fix="Run `percae data prepare lunarlander --force`.")
    assert "--force" in caught.value.hint
