"""`percae data status` shows a damaged dataset cache as damaged, with the command that repairs
it (sizes always, checksums with --verify), and a meta.json is checked for its schema, not only
its syntax (issue #13, faults 9 and 13)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest

from percae_core.cli.app import main
from percae_core.data.cache import CacheWriter, open_cache
from percae_core.data.lunarlander_prepare import CollectionParams, collection_dir
from percae_core.errors import CorruptCacheError
from percae_core.paths import home_from

PARAMS = CollectionParams(rollouts=2, steps=3, seed=0)


def _status(capsys, *flags: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as caught:
        main(["data", "status", *flags])
    return caught.value.code, capsys.readouterr().out


@pytest.fixture
def collection(isolated_home: Path, monkeypatch) -> Path:
    monkeypatch.setenv("COLUMNS", "250")
    target = collection_dir(home_from(), PARAMS)
    with CacheWriter(target, {"dataset": "lunarlander", "parameters": asdict(PARAMS)}) as writer:
        writer.put("images", np.arange(6 * 3 * 4 * 4, dtype=np.uint8).reshape(6, 3, 4, 4))
        writer.put("positions", np.zeros((6, 2), dtype=np.float32))
        writer.put("rollout", np.repeat(np.arange(2), 3))
    return target


def test_a_whole_cache_is_listed_as_prepared(collection: Path, capsys) -> None:
    code, out = _status(capsys, "--verify")
    assert code == 0 and "1 prepared" in out and "DAMAGED" not in out


def test_a_truncated_cache_is_damaged_with_its_repair_command(collection: Path, capsys) -> None:
    images = collection / "images.npy"
    images.write_bytes(images.read_bytes()[:-10])
    code, out = _status(capsys)
    assert code == 1 and "DAMAGED" in out and "truncated" in out
    assert f"To repair: {PARAMS.command(force=True)}" in out


def test_an_altered_byte_is_found_only_by_verify(collection: Path, capsys) -> None:
    images = collection / "images.npy"
    data = bytearray(images.read_bytes())
    data[-1] ^= 0xFF
    images.write_bytes(bytes(data))
    code, out = _status(capsys)
    assert code == 0 and "DAMAGED" not in out
    code, out = _status(capsys, "--verify")
    assert code == 1 and "DAMAGED" in out and "SHA-256" in out


@pytest.mark.parametrize("drop", ["arrays", "parameters"])
def test_a_meta_json_without_its_arrays_or_parameters_is_damaged(
    collection: Path, capsys, drop: str
) -> None:
    meta_file = collection / "meta.json"
    meta = json.loads(meta_file.read_text())
    del meta[drop]
    meta_file.write_text(json.dumps(meta))
    code, out = _status(capsys, "--verify")
    assert code == 1 and "DAMAGED" in out
    assert ("lists no arrays" if drop == "arrays" else "lacks its 'parameters'") in out
    if drop == "arrays":
        with pytest.raises(CorruptCacheError, match="lists no arrays"):
            open_cache(collection, verify=True)
