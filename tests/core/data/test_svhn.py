"""SVHN: import of the official .mat files, label 10 -> 0, 32x32 stored, 2x2 tiling at input."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.io
import torch
from official_format_writers import SVHN_COUNTS, svhn_table, write_svhn_folder

from percae_core.data import svhn, svhn_import
from percae_core.data.cache import open_cache
from percae_core.data.official_files import BadInputError
from percae_core.data.parts import to_model_input
from percae_core.errors import DataMissingError
from percae_core.paths import Home
from percae_core.profiles import DatasetScale


@pytest.fixture
def home(isolated_home) -> Home:
    return Home(isolated_home).ensure()


@pytest.fixture
def official(tmp_path):
    folder = tmp_path / "svhn-files"
    truth = write_svhn_folder(folder)
    return folder, truth, svhn_table(folder, url_base=folder.as_uri() + "/")


def test_import_stores_nchw_uint8_and_turns_label_10_into_digit_0(home, official, monkeypatch):
    folder, truth, table = official
    monkeypatch.setattr(svhn_import, "IMAGES_PER_CHUNK", 7)
    meta = svhn_import.import_svhn(home, folder, verify=True, official=table)
    cache = open_cache(svhn.cache_dir(home), verify=True)
    for split, count in SVHN_COUNTS.items():
        images = cache[f"{split}_images"]
        assert images.dtype == np.uint8 and images.shape == (count, 3, 32, 32)
        np.testing.assert_array_equal(images, truth[f"{split}_images"])
    first = cache["train_images"][0]
    assert (first[0, :4, :4] == 255).all() and (first[1:, :4, :4] == 0).all()
    labels, official_y = cache["train_labels"], truth["train_y"]
    assert labels.dtype == np.int64 and set(labels.tolist()) == set(range(10))
    np.testing.assert_array_equal(labels[official_y == 10], 0)
    np.testing.assert_array_equal(labels[official_y != 10], official_y[official_y != 10])
    assert meta["verified"] is True and meta["counts"] == SVHN_COUNTS


def test_parts_tile_2x2_into_64x64_at_model_input(home, official):
    folder, truth, table = official
    svhn_import.import_svhn(home, folder, official=table)
    parts = svhn.load_parts(home, DatasetScale(z=(32,)))
    assert (
        parts.tile == 2
        and parts.image_size == (64, 64)
        and parts.test.images.shape[-2:] == (32, 32)
    )
    stored = torch.from_numpy(parts.test.gather())
    x = to_model_input(stored, parts.tile)
    assert x.shape == (len(parts.test), 3, 64, 64) and x.dtype == torch.float32
    one = stored.float() / 255
    for top in (0, 32):
        for left in (0, 32):
            torch.testing.assert_close(x[:, :, top : top + 32, left : left + 32], one)


def test_parts_cap_before_the_80_20_split_and_are_seeded(home, official):
    folder, truth, table = official
    svhn_import.import_svhn(home, folder, official=table)
    scale = DatasetScale(z=(32,), ae_images=10, pred_images=10, test_images=4)
    parts = svhn.load_parts(home, scale)
    sizes = {name: len(split) for name, split in parts.splits().items()}
    assert sizes == {"ae_train": 8, "ae_val": 2, "pred_train": 8, "pred_val": 2, "test": 4}
    assert not set(parts.pred_train.indices) & set(parts.pred_val.indices)
    assert parts.ae_train.images.shape[0] == SVHN_COUNTS["extra"]
    digits = np.where(truth["train_y"] == 10, 0, truth["train_y"])
    np.testing.assert_array_equal(parts.pred_val.labels, digits[parts.pred_val.indices])
    again = svhn.load_parts(home, scale)
    np.testing.assert_array_equal(parts.ae_val.indices, again.ae_val.indices)
    assert (parts.task, parts.num_outputs, svhn.SPEC.metric) == ("classification", 10, "accuracy")


def test_malformed_mat_contents_are_named(home, official):
    folder, _, _ = official
    scipy.io.savemat(
        folder / "test_32x32.mat",
        {"X": np.zeros((28, 28, 3, 2), np.uint8), "y": np.ones((2, 1), np.uint8)},
    )
    with pytest.raises(BadInputError, match=r"test_32x32.mat is not a usable SVHN file: its X is"):
        svhn_import.import_svhn(home, folder, verify=False)
    scipy.io.savemat(
        folder / "test_32x32.mat",
        {"X": np.zeros((32, 32, 3, 2), np.uint8), "y": np.array([[0], [11]], np.uint8)},
    )
    with pytest.raises(BadInputError, match="labels are not whole numbers 1..10"):
        svhn_import.import_svhn(home, folder, verify=False)
    assert svhn.status(home) == []


def test_missing_dataset_names_download_and_offline_import(home):
    with pytest.raises(DataMissingError) as caught:
        svhn.load_parts(home, DatasetScale(z=(32,)))
    text = str(caught.value)
    for needed in (
        "percae data download svhn",
        "percae data import svhn",
        "train_32x32.mat",
        "extra_32x32.mat",
        "http://ufldl.stanford.edu/housenumbers/",
    ):
        assert needed in text


def test_download_fetches_each_file_once(home, official, monkeypatch):
    folder, truth, table = official
    monkeypatch.delenv("PERCAE_OFFLINE")
    svhn_import.download_svhn(home, official=table)
    assert sorted(p.name for p in svhn.raw_dir(home).iterdir()) == [
        "extra_32x32.mat",
        "test_32x32.mat",
        "train_32x32.mat",
    ]
    for path in folder.iterdir():
        path.unlink()
    meta = svhn_import.download_svhn(home, official=table)
    assert meta["verified"] is True
    np.testing.assert_array_equal(
        open_cache(svhn.cache_dir(home))["extra_images"], truth["extra_images"]
    )
