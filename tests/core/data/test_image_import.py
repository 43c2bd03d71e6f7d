"""`percae data import images` in the engine: a user's folder becomes a dataset like the others."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from image_folders import COLOURS, write_colour_classes, write_spot_frames
from PIL import Image

from percae_core.data import image_import
from percae_core.data.cache import open_cache
from percae_core.data.catalog import describe, list_datasets
from percae_core.data.image_convert import load_model_image
from percae_core.data.image_import import ImageImportRequest, import_images
from percae_core.data.registry import get_dataset
from percae_core.errors import Interrupted
from percae_core.paths import Home
from percae_core.profiles import PROFILES


@pytest.fixture
def home(isolated_home: Path) -> Home:
    return Home(isolated_home)


def test_class_folders_import_as_a_classification_dataset_the_catalog_lists(home, tmp_path):
    source = write_colour_classes(tmp_path / "colours")
    imported = import_images(home, ImageImportRequest(source=source, name="colours"))

    assert list_datasets()[:3] == ["lunarlander", "stl10", "svhn"]
    assert list_datasets()[-1] == "colours"
    entry = describe("colours")
    assert entry == imported
    assert (entry.task, entry.metric, entry.num_outputs) == ("classification", "accuracy", 3)
    assert entry.classes == tuple(sorted(COLOURS))
    counts = (entry.paper_parts.ae, entry.paper_parts.predictor, entry.paper_parts.test)
    assert counts == (36, 12, 12)  # 60/20/20 of 60 images

    stored = json.loads((home.dataset_dir("colours") / "description.json").read_text())
    assert stored["classes"] == sorted(COLOURS)
    cache = open_cache(home.dataset_dir("colours") / "cache", verify=True)
    assert cache["autoencoder_images"].shape == (36, 3, 64, 64)
    assert cache["autoencoder_images"].dtype == np.uint8
    assert cache.meta["counts"] == {"autoencoder": 36, "predictor": 12, "test": 12}
    assert "centre crop" in cache.meta["method"]


def test_each_class_is_its_colour_after_conversion(home, tmp_path):
    source = write_colour_classes(tmp_path / "colours")
    import_images(home, ImageImportRequest(source=source, name="colours"))
    parts = get_dataset("colours").load_parts(home, PROFILES["smoke"].scale("colours"))
    images = parts.test.gather().astype(float).mean(axis=(2, 3))  # N x RGB
    for label, channels in zip(parts.test.labels, images):
        name = sorted(COLOURS)[label]
        if channels.std() < 1.0:  # a greyscale image: the class's colour became its brightness
            continue
        assert int(np.argmax(channels)) == int(np.argmax(COLOURS[name]))


def test_a_targets_csv_imports_as_a_regression_dataset(home, tmp_path):
    csv_file = write_spot_frames(tmp_path / "spots")
    request = ImageImportRequest(source=csv_file.parent, name="spots", targets=csv_file)
    entry = import_images(home, request)
    assert (entry.task, entry.metric, entry.num_outputs, entry.targets) == (
        "regression",
        "distance",
        2,
        ("x", "y"),
    )
    parts = get_dataset("spots").load_parts(home, PROFILES["smoke"].scale("spots"))
    assert parts.task == "regression" and parts.test.labels.dtype == np.float32
    written = {
        tuple(float(v) for v in line.split(",")[1:])
        for line in csv_file.read_text().splitlines()[1:]
    }
    assert len(parts.test) == 16
    for x, y in parts.test.labels.tolist():
        assert any(abs(x - wx) < 1e-3 and abs(y - wy) < 1e-3 for wx, wy in written)
    # each test frame's brightest place is where its target says the spot is
    for image, (x, y) in zip(parts.test.gather(), parts.test.labels):
        grey = image.mean(axis=0)
        assert grey[int(round(y)), int(round(x))] > 200


def test_images_are_made_rgb_centre_cropped_and_resized(tmp_path):
    wide = np.zeros((40, 120, 4), dtype=np.uint8)
    wide[:, :40] = (0, 0, 255, 255)  # left margin: blue
    wide[:, 40:80] = (255, 0, 0, 128)  # centre: half-transparent red
    wide[:, 80:] = (0, 255, 0, 255)  # right margin: green
    Image.fromarray(wide, "RGBA").save(tmp_path / "wide.png")
    Image.new("L", (30, 90), 200).save(tmp_path / "grey.png")

    pixels = load_model_image(tmp_path / "wide.png", 64)
    assert pixels.shape == (3, 64, 64)
    # only the centre square is kept, and transparency is composited on black (255 * 128/255)
    assert np.all(np.abs(pixels[0].astype(int) - 128) <= 1)
    assert pixels[1].max() == 0 and pixels[2].max() == 0
    grey = load_model_image(tmp_path / "grey.png", 96)
    assert grey.shape == (3, 96, 96) and np.all(grey == 200)


def test_the_seeded_split_is_the_same_for_the_same_seed_and_moves_with_it(home, tmp_path):
    source = write_colour_classes(tmp_path / "colours")
    for name, seed in (("first", 3), ("again", 3), ("other", 4)):
        import_images(home, ImageImportRequest(source=source, name=name, seed=seed))

    def test_images(name: str) -> np.ndarray:
        return np.asarray(open_cache(home.dataset_dir(name) / "cache")["test_images"])

    assert np.array_equal(test_images("first"), test_images("again"))
    assert not np.array_equal(test_images("first"), test_images("other"))


def test_stated_fractions_and_named_folders_choose_the_parts(home, tmp_path):
    source = write_colour_classes(tmp_path / "colours", per_class=20)
    entry = import_images(home, ImageImportRequest(source=source, name="half", parts="50/25/25"))
    assert (entry.paper_parts.ae, entry.paper_parts.predictor, entry.paper_parts.test) == (
        30,
        15,
        15,
    )
    split = tmp_path / "split"
    for part, per_class in (("autoencoder", 6), ("predictor", 4), ("test", 2)):
        write_colour_classes(split / part, per_class=per_class)
    entry = import_images(home, ImageImportRequest(source=split, name="named", parts="folders"))
    assert (entry.paper_parts.ae, entry.paper_parts.predictor, entry.paper_parts.test) == (
        18,
        12,
        6,
    )


def test_a_csv_column_names_the_parts(home, tmp_path):
    csv_file = write_spot_frames(tmp_path / "spots", count=30)
    lines = csv_file.read_text().splitlines()
    roles = ["autoencoder"] * 20 + ["predictor"] * 6 + ["test"] * 4
    csv_file.write_text(
        "\n".join([lines[0] + ",part"] + [f"{row},{role}" for row, role in zip(lines[1:], roles)])
        + "\n"
    )
    request = ImageImportRequest(
        source=csv_file.parent, name="spots", targets=csv_file, parts="column=part"
    )
    entry = import_images(home, request)
    assert entry.num_outputs == 2  # the part column is not a target
    assert (entry.paper_parts.ae, entry.paper_parts.predictor, entry.paper_parts.test) == (20, 6, 4)


def test_ctrl_c_mid_import_leaves_nothing_registered(home, tmp_path, monkeypatch):
    source = write_colour_classes(tmp_path / "colours")
    real = image_import.load_model_image
    calls: list[Path] = []

    def stop_at_the_tenth(path: Path, side: int, verify: bool = True) -> np.ndarray:
        calls.append(path)
        if len(calls) == 10:
            raise KeyboardInterrupt
        return real(path, side, verify)

    monkeypatch.setattr(image_import, "load_model_image", stop_at_the_tenth)
    with pytest.raises(Interrupted):
        import_images(home, ImageImportRequest(source=source, name="colours"))
    assert list(home.datasets.iterdir()) == []
    assert "colours" not in list_datasets()


def test_a_forced_import_replaces_the_dataset_whole(home, tmp_path):
    import_images(home, ImageImportRequest(source=write_colour_classes(tmp_path / "a"), name="c"))
    csv_file = write_spot_frames(tmp_path / "spots")
    request = ImageImportRequest(source=csv_file.parent, name="c", targets=csv_file, force=True)
    import_images(home, request)
    assert describe("c").task == "regression"
    assert sorted(p.name for p in home.datasets.iterdir()) == ["c"]


def test_part_folders_with_a_targets_csv_take_each_paths_first_folder(home, tmp_path):
    csv_file = write_spot_frames(tmp_path / "spots", count=30)
    lines = csv_file.read_text().splitlines()
    roles = ["autoencoder"] * 18 + ["predictor"] * 8 + ["test"] * 4
    moved = [lines[0]]
    for line, role in zip(lines[1:], roles):
        relative = line.split(",")[0]
        (tmp_path / "spots" / role).mkdir(exist_ok=True)
        (tmp_path / "spots" / relative).rename(tmp_path / "spots" / role / Path(relative).name)
        moved.append(line.replace(relative, f"{role}/{Path(relative).name}"))
    csv_file.write_text("\n".join(moved) + "\n")
    request = ImageImportRequest(
        source=csv_file.parent, name="spots", targets=csv_file, parts="folders"
    )
    entry = import_images(home, request)
    assert (entry.paper_parts.ae, entry.paper_parts.predictor, entry.paper_parts.test) == (18, 8, 4)


def test_the_import_holds_no_more_than_a_few_images_in_memory(home, tmp_path, monkeypatch):
    source = write_colour_classes(tmp_path / "colours", per_class=120)
    image_bytes = 3 * 160 * 160  # per image in the cache: 360 of them make 28 MB
    real = image_import.load_model_image
    peaks: list[int] = []

    def measured(path: Path, side: int, verify: bool = True) -> np.ndarray:
        peaks.append(tracemalloc.get_traced_memory()[1])  # the highest so far
        return real(path, side, verify)

    monkeypatch.setattr(image_import, "load_model_image", measured)
    tracemalloc.start()
    try:
        import_images(home, ImageImportRequest(source=source, name="colours", size=160))
    finally:
        tracemalloc.stop()
    assert len(peaks) == 360
    # up to the last image (the hashing after it reads fixed-size chunks), a few images at most
    assert peaks[-1] < 20 * image_bytes


def test_progress_counts_every_image_once(home, tmp_path):
    from percae_core.events import Event, TaskAdvanced, TaskStarted

    events: list[Event] = []
    source = write_colour_classes(tmp_path / "colours", per_class=30)
    import_images(home, ImageImportRequest(source=source, name="colours"), on_event=events.append)
    started = [e for e in events if isinstance(e, TaskStarted)]
    assert [e.total for e in started] == [90]
    assert sum(e.advance for e in events if isinstance(e, TaskAdvanced)) == 90
