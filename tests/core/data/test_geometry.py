"""Dataset geometries: SVHN reflect-padded to 64x64 as torchvision's Pad(16, 0, 'reflect') does,
from the same 32x32 cache as the paper's 2x2 tiling; STL-10 unchanged; LunarLander paper only."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from official_format_writers import svhn_table, write_svhn_folder
from torchvision import transforms

from percae_core.data import svhn, svhn_import
from percae_core.data.catalog import describe
from percae_core.data.geometry import GEOMETRIES, check_geometry
from percae_core.data.padded_images import ReflectPadded
from percae_core.data.parts import to_model_input
from percae_core.errors import UsageError
from percae_core.paths import Home
from percae_core.profiles import DatasetScale


@pytest.fixture
def svhn_home(isolated_home, tmp_path) -> Home:
    home = Home(isolated_home).ensure()
    folder = tmp_path / "svhn-files"
    write_svhn_folder(folder)
    svhn_import.import_svhn(home, folder, official=svhn_table(folder, folder.as_uri() + "/"))
    return home


def test_reflect_pad_matches_torchvision_pad_on_a_fixed_image():
    image = np.arange(2 * 3 * 32 * 32, dtype=np.int64).reshape(2, 3, 32, 32) % 251
    image = image.astype(np.uint8)
    padded = ReflectPadded(image, 16)
    assert padded.shape == (2, 3, 64, 64) and padded.dtype == np.uint8
    expected = transforms.Pad(16, 0, "reflect")(torch.from_numpy(image))
    np.testing.assert_array_equal(padded[np.arange(2)], expected.numpy())
    np.testing.assert_array_equal(padded[1], expected[1].numpy())


def test_svhn_reflect_pad_parts_are_64x64_from_the_32x32_cache(svhn_home):
    paper = svhn.load_parts(svhn_home, DatasetScale(z=(32,)))
    padded = svhn.load_parts(svhn_home, DatasetScale(z=(32,), geometry="reflect-pad"))
    assert padded.tile == 1 and padded.meta["geometry"] == "reflect-pad"
    assert padded.test.images.shape[-2:] == (64, 64)
    stored = paper.test.gather()
    x = to_model_input(torch.from_numpy(padded.test.gather()), padded.tile)
    assert x.shape == (len(padded.test), 3, 64, 64)
    expected = transforms.Pad(16, 0, "reflect")(torch.from_numpy(stored)).float() / 255
    torch.testing.assert_close(x, expected)
    np.testing.assert_array_equal(padded.test.gather(stored=True), stored)


def test_every_dataset_supports_the_paper_geometry_and_lunarlander_only_it():
    assert all("paper" in describe(name).geometries for name in ("lunarlander", "stl10", "svhn"))
    assert set(describe("svhn").geometries) == set(GEOMETRIES)
    lunar = describe("lunarlander")
    with pytest.raises(UsageError, match="LunarLander has no 'reflect-pad' geometry"):
        check_geometry("reflect-pad", lunar.title, lunar.geometries)
    with pytest.raises(UsageError) as unknown:
        check_geometry("crop", lunar.title, lunar.geometries)
    assert all(name in unknown.value.hint for name in GEOMETRIES)
