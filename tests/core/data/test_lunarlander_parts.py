"""The LunarLander SPEC: registered, loads Table I parts with pixel labels, reports its status."""

from __future__ import annotations

import numpy as np
import pytest

from percae_core.data.lunarlander import part_rows
from percae_core.data.lunarlander_render import observation_to_pixels, onscreen_mask
from percae_core.data.registry import get_dataset
from percae_core.errors import PercaeError
from percae_core.events import Notice, TaskStarted
from percae_core.paths import Home
from percae_core.profiles import DatasetScale

SCALE = DatasetScale(z=(32,), rollouts=10, steps=20)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Home:
    return Home(tmp_path_factory.mktemp("home"))


@pytest.fixture(scope="module")
def loaded(home):
    spec = get_dataset("lunarlander")
    events: list = []
    assert not spec.is_ready(home, SCALE)
    parts = spec.load_parts(home, SCALE, events.append)
    return spec, parts, events


def test_spec_describes_the_position_task(loaded) -> None:
    spec, parts, _ = loaded
    assert (spec.name, spec.title, spec.image_size, spec.task) == (
        "lunarlander",
        "LunarLander",
        (64, 64),
        "position",
    )
    assert (spec.metric, spec.num_outputs) == ("distance_px", 2)
    assert "percae data prepare lunarlander" in spec.how_to_get
    assert (parts.dataset, parts.task, parts.num_outputs, parts.image_size) == (
        "lunarlander",
        "position",
        2,
        (64, 64),
    )


def test_missing_collection_is_prepared_with_progress_then_ready(home, loaded) -> None:
    spec, _, events = loaded
    assert any(isinstance(e, TaskStarted) and e.unit == "frames" for e in events)
    assert spec.is_ready(home, SCALE)
    again: list = []
    spec.load_parts(home, SCALE, again.append)
    assert any(isinstance(e, Notice) and "Reusing" in e.message for e in again)


def test_parts_follow_table_one_with_pixel_labels(loaded) -> None:
    _, parts, _ = loaded
    splits = parts.splits()
    images = parts.ae_train.images
    assert images.shape == (200, 3, 64, 64) and images.dtype == np.uint8
    rollout_of_row = np.repeat(np.arange(10), 20)
    owners = {}
    for name, split in splits.items():
        for rollout in set(rollout_of_row[split.indices].tolist()):
            assert owners.setdefault(rollout, name) == name
    assert len(parts.ae_train) + len(parts.ae_val) == 100
    assert parts.ae_train.labels is None
    for split in (parts.pred_train, parts.pred_val, parts.test):
        assert split.labels.dtype == np.float32 and split.labels.shape == (len(split), 2)
        assert np.all(split.indices >= 100)
        assert split.gather().shape == (len(split), 3, 64, 64)
    assert parts.meta["onscreen"] == "paper"
    assert parts.meta["rollouts"] == 10 and parts.meta["steps"] == 20


def test_labels_are_positions_of_kept_frames(home, loaded) -> None:
    from percae_core.data.cache import open_cache

    _, parts, _ = loaded
    cache = open_cache(parts.meta["path"])
    observations = np.asarray(cache["observations"])
    for split in (parts.pred_train, parts.test):
        assert np.allclose(split.labels, observation_to_pixels(observations[split.indices]))
        assert onscreen_mask(observations[split.indices], "paper").all()
    exact = part_rows(cache, "exact")
    assert onscreen_mask(observations[exact["test"]], "exact").all()
    assert len(exact["ae_train"]) + len(exact["ae_val"]) == 100


def test_a_part_emptied_by_the_offscreen_rule_is_explained(home, loaded) -> None:
    """This collection's one pred_val rollout climbs above the screen's top edge (y > 1.41)."""
    from percae_core.data.cache import open_cache

    _, parts, _ = loaded
    cache = open_cache(parts.meta["path"])
    pred_val = parts.pred_val.indices
    assert not onscreen_mask(np.asarray(cache["observations"])[pred_val], "exact").any()
    with pytest.raises(PercaeError, match="pred_val without frames") as caught:
        get_dataset("lunarlander").load_parts(home, SCALE, lambda e: None, onscreen="exact")
    assert "--rollouts" in caught.value.hint


def test_caps_take_seeded_subsets(home) -> None:
    capped = DatasetScale(
        z=(32,), rollouts=10, steps=20, ae_images=10, pred_images=5, test_images=3
    )
    spec = get_dataset("lunarlander")
    first, second = (
        spec.load_parts(home, capped, lambda e: None),
        spec.load_parts(home, capped, lambda e: None),
    )
    assert (len(first.ae_train), len(first.ae_val)) == (8, 2)
    assert (len(first.pred_train), len(first.pred_val), len(first.test)) == (4, 1, 3)
    assert np.array_equal(first.test.indices, second.test.indices)
    assert len(first.test.labels) == 3


def test_status_lists_each_prepared_collection(home, loaded) -> None:
    entries = get_dataset("lunarlander").status(home)
    assert len(entries) == 1
    entry = entries[0]
    assert entry["frames"] == 200
    assert entry["parameters"] == {"rollouts": 10, "steps": 20, "seed": 0, "on_end": "continue"}
    assert entry["bytes"] > 200 * 3 * 64 * 64
    assert entry["path"].endswith("r10-s20-seed0-continue")
