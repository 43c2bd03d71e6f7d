"""STL-10: import from the official formats (folder, archive, download), upright images, parts."""

from __future__ import annotations

import numpy as np
import pytest
from official_format_writers import stl10_table, write_stl10_archive, write_stl10_folder

from percae_core.data import official_files, stl10, stl10_import
from percae_core.data.cache import open_cache
from percae_core.data.official_files import BadInputError
from percae_core.data.registry import DatasetSpec
from percae_core.errors import DataMissingError, Interrupted
from percae_core.events import Notice
from percae_core.paths import Home
from percae_core.profiles import DatasetScale

ALL = DatasetScale(z=(64,))


@pytest.fixture
def home(isolated_home) -> Home:
    return Home(isolated_home).ensure()


@pytest.fixture
def official(tmp_path):
    """Small official-format files, with the official table describing them."""
    folder = tmp_path / "stl10_binary"
    truth = write_stl10_folder(folder)
    archive = write_stl10_archive(folder, tmp_path / "stl10_binary.tar.gz")
    return folder, archive, truth, stl10_table(folder, archive, url=archive.as_uri())


def test_folder_import_stores_upright_uint8_images_and_zero_based_labels(
    home, official, monkeypatch
):
    folder, _, truth, table = official
    monkeypatch.setattr(stl10_import, "IMAGES_PER_CHUNK", 3)  # chunk edges inside every file
    meta = stl10_import.import_stl10(home, folder, verify=True, official=table)
    cache = open_cache(stl10.cache_dir(home), verify=True)
    for part in ("train", "test", "unlabeled"):
        images = cache[f"{part}_images"]
        assert images.dtype == np.uint8 and images.shape == truth[f"{part}_images"].shape
        np.testing.assert_array_equal(images, truth[f"{part}_images"])
    first = cache["unlabeled_images"][0]
    assert (first[0, :8, :8] == 255).all() and (first[1:, :8, :8] == 0).all()
    assert not (first[0, 88:, :8] == 255).all() and not (first[0, :8, 88:] == 255).all()
    np.testing.assert_array_equal(cache["train_labels"], truth["train_y"].astype(np.int64) - 1)
    assert cache["train_labels"].dtype == np.int64 and cache["train_labels"].max() <= 9
    assert meta["verified"] is True
    assert meta["counts"] == {"train": 6, "test": 4, "unlabeled": 10}


def test_archive_import_streams_the_tar_gz_to_the_same_cache(home, official):
    _, archive, truth, table = official
    meta = stl10_import.import_stl10(home, archive, verify=True, official=table)
    cache = open_cache(stl10.cache_dir(home))
    np.testing.assert_array_equal(cache["unlabeled_images"], truth["unlabeled_images"])
    np.testing.assert_array_equal(cache["test_labels"], truth["test_y"].astype(np.int64) - 1)
    assert meta["md5"]["stl10_binary.tar.gz"] == table.archive.md5
    assert not any(p.name.endswith(".bin") for p in home.root.rglob("*")), "archive was extracted"


def test_a_folder_holding_the_archive_or_stl10_binary_is_accepted(home, official, tmp_path):
    folder, archive, _, table = official
    assert stl10_import.import_stl10(home, tmp_path, official=table)["verified"]
    drop = tmp_path / "downloads"
    drop.mkdir()
    archive.rename(drop / archive.name)
    assert stl10_import.import_stl10(home, drop, official=table)["counts"]["test"] == 4


def test_truncated_archive_is_named_damaged_and_nothing_is_cached(home, official, tmp_path):
    _, archive, _, table = official
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(
        BadInputError, match="cut.tar.gz is damaged: it could not be read to the end"
    ):
        stl10_import.import_stl10(home, cut, verify=False, official=table)
    assert stl10.status(home) == [] and not list(home.dataset_dir("stl10").iterdir())


def test_ctrl_c_during_import_keeps_the_previous_cache(home, official, monkeypatch):
    folder, archive, _, table = official
    stl10_import.import_stl10(home, folder, official=table)
    before = {p.name: p.read_bytes() for p in stl10.cache_dir(home).iterdir()}
    reads = iter(range(3))

    def interrupted_read(stream, size, where):
        if next(reads, None) is None:
            raise KeyboardInterrupt
        return stream.read(size)

    monkeypatch.setattr(stl10_import, "_read_exact", interrupted_read)
    with pytest.raises(Interrupted, match="nothing half-imported was kept"):
        stl10_import.import_stl10(home, archive, official=table)
    assert {p.name: p.read_bytes() for p in stl10.cache_dir(home).iterdir()} == before
    assert [p.name for p in home.dataset_dir("stl10").iterdir()] == ["cache"]


def test_no_verify_accepts_unofficial_files_and_records_it(home, official):
    folder, _, _, _ = official
    notices: list[Notice] = []
    meta = stl10_import.import_stl10(
        home,
        folder,
        verify=False,
        on_event=lambda e: notices.append(e) if isinstance(e, Notice) else None,
    )
    assert meta["verified"] is False
    assert any(n.level == "warning" and "--no-verify" in n.message for n in notices)
    assert stl10.status(home)[0]["verified"] is False


def test_real_table_rejects_small_files_by_official_size(home, official):
    folder, _, _, _ = official
    with pytest.raises(BadInputError, match="official train_X.bin is 138,240,000 bytes"):
        stl10_import.import_stl10(home, folder, verify=True)
    assert stl10.status(home) == []


def test_parts_follow_table_one_capped_then_split_80_20_with_a_fixed_seed(home, official):
    folder, _, truth, table = official
    stl10_import.import_stl10(home, folder, official=table)
    parts = stl10.load_parts(home, DatasetScale(z=(64,), ae_images=5, pred_images=5, test_images=3))
    assert (len(parts.ae_train), len(parts.ae_val)) == (4, 1)
    assert (len(parts.pred_train), len(parts.pred_val)) == (4, 1)
    assert len(parts.test) == 3
    assert not set(parts.ae_train.indices) & set(parts.ae_val.indices)
    assert not set(parts.pred_train.indices) & set(parts.pred_val.indices)
    np.testing.assert_array_equal(
        parts.pred_train.labels, truth["train_y"][parts.pred_train.indices] - 1
    )
    np.testing.assert_array_equal(parts.test.gather(), truth["test_images"][parts.test.indices])
    again = stl10.load_parts(home, DatasetScale(z=(64,), ae_images=5, pred_images=5, test_images=3))
    for name, split in parts.splits().items():
        np.testing.assert_array_equal(split.indices, again.splits()[name].indices)
    full = stl10.load_parts(home, ALL)
    assert (
        len(full.ae_train),
        len(full.ae_val),
        len(full.pred_train),
        len(full.pred_val),
        len(full.test),
    ) == (8, 2, 5, 1, 4)
    assert full.ae_train.images.shape[0] == 10 and full.image_size == (96, 96) and full.tile == 1


def test_spec_is_registered_for_classification_by_accuracy():
    spec = stl10.SPEC
    assert isinstance(spec, DatasetSpec)
    assert (spec.name, spec.task, spec.metric, spec.num_outputs, spec.image_size) == (
        "stl10",
        "classification",
        "accuracy",
        10,
        (96, 96),
    )


def test_missing_dataset_names_download_and_offline_import(home):
    assert stl10.SPEC.is_ready(home, ALL) is False
    assert stl10.status(home) == []
    with pytest.raises(DataMissingError) as caught:
        stl10.load_parts(home, ALL)
    text = str(caught.value)
    for needed in (
        "percae data download stl10",
        "percae data import stl10",
        "stl10_binary.tar.gz",
        "unlabeled_X.bin",
        official_files.STL10_FILES.archive.url,
    ):
        assert needed in text


def test_status_reports_counts_size_and_verification(home, official):
    folder, _, _, table = official
    stl10_import.import_stl10(home, folder, official=table)
    (row,) = stl10.status(home)
    assert row["images"] == {"train": 6, "test": 4, "unlabeled": 10}
    assert row["bytes"] >= 20 * 3 * 96 * 96 and row["verified"] is True and row["frames"] == 20
    assert row["path"] == str(stl10.cache_dir(home)) and "problem" not in row
    (stl10.cache_dir(home) / "meta.json").write_text("{not json")
    (damaged,) = stl10.status(home)
    assert "meta.json cannot be read" in damaged["problem"]


def test_download_fetches_once_then_reuses_the_archive(home, official, monkeypatch):
    _, archive, truth, table = official
    monkeypatch.delenv("PERCAE_OFFLINE")
    notices: list[str] = []
    stl10_import.download_stl10(home, official=table)
    assert (stl10.raw_dir(home) / "stl10_binary.tar.gz").is_file()
    archive.unlink()  # the address is gone: nothing below may fetch again
    stl10_import.download_stl10(
        home, on_event=lambda e: notices.append(getattr(e, "message", "")), official=table
    )
    assert any("already downloaded and imported" in n for n in notices)
    for leftover in stl10.cache_dir(home).iterdir():
        leftover.unlink()
    stl10.cache_dir(home).rmdir()
    meta = stl10_import.download_stl10(
        home, on_event=lambda e: notices.append(getattr(e, "message", "")), official=table
    )
    assert any("not fetched again" in n for n in notices)
    assert meta["verified"] is True
    np.testing.assert_array_equal(
        open_cache(stl10.cache_dir(home))["train_images"], truth["train_images"]
    )


def test_download_offline_fails_fast_naming_the_import_route(home, official, monkeypatch):
    _, _, _, table = official
    with pytest.raises(DataMissingError, match="PERCAE_OFFLINE=1") as caught:
        stl10_import.download_stl10(home, official=table)
    assert "percae data import stl10" in str(caught.value)
    monkeypatch.delenv("PERCAE_OFFLINE")
    unreachable = official_files.OfficialFile(
        "stl10_binary.tar.gz", "0" * 32, "http://percae-test.invalid/x.tgz"
    )
    with pytest.raises(DataMissingError, match="Could not download"):
        stl10_import.download_stl10(
            home, official=official_files.Stl10Files(unreachable, table.members)
        )
    assert not list(stl10.raw_dir(home).glob(".*part*"))


@pytest.mark.parametrize("member", ["test_X.bin", "test_y.bin", "train_y.bin"])
def test_no_verify_refuses_a_member_that_is_not_a_regular_file(home, official, tmp_path, member):
    import os
    import shutil
    import threading

    folder, _, _, _ = official
    copy = tmp_path / "planted" / "stl10_binary"
    shutil.copytree(folder, copy)
    (copy / member).unlink()
    os.mkfifo(copy / member)
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            stl10_import.import_stl10(home, copy, verify=False)
        except BaseException as exc:
            outcome.append(exc)
        else:
            outcome.append(None)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive():  # unblock the reader so the test process can end
        with open(copy / member, "wb"):
            pass
        worker.join(timeout=20)
        pytest.fail("the import hung on a FIFO")
    assert isinstance(outcome[0], BadInputError) and "not a regular file" in str(outcome[0])
    leftovers = [p.name for p in home.dataset_dir("stl10").rglob("*") if "partial" in p.name]
    assert leftovers == []
