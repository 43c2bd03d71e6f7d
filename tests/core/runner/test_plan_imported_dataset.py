"""A study plans a user's imported dataset by name, with its scales derived from its size, and
says how many images a part needs when the profile asks for more than it has."""

from __future__ import annotations

import pytest
from image_folders import write_colour_classes

from percae_core.data.image_import import ImageImportRequest, import_images
from percae_core.errors import PercaeError
from percae_core.paths import Home
from percae_core.profiles import PROFILES, DatasetScale
from percae_core.runner.bench import prepare_plan
from percae_core.runner.plan import BenchRequest


@pytest.fixture
def home(isolated_home, tmp_path) -> Home:
    home = Home(isolated_home)
    source = write_colour_classes(tmp_path / "colours")
    import_images(home, ImageImportRequest(source=source, name="colours"))
    return home


def test_the_imported_dataset_plans_with_the_latent_size_of_its_image_size(home):
    plan = prepare_plan(
        BenchRequest(datasets=("colours",), profile="smoke", variants=("ae",)), home
    )
    assert [spec.name for spec in plan.datasets] == ["colours"]
    assert {cell.z for cell in plan.cells} == {32}  # SVHN's smoke z, for 64x64 images


def test_a_part_too_small_for_the_profile_says_how_many_it_needs(home, monkeypatch):
    monkeypatch.setitem(PROFILES["smoke"].scales, "colours", DatasetScale(z=(8,), pred_images=2))
    request = BenchRequest(datasets=("colours",), profile="smoke", variants=("ae",))
    with pytest.raises(PercaeError) as refused:
        prepare_plan(request, home)
    assert "predictor part" in refused.value.message and "at least 3" in refused.value.message
    assert refused.value.hint is not None and refused.value.hint.startswith("Add images")
