"""Preparing the LunarLander collection: contents, reuse, rebuild, interruption, damage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from percae_core.data.cache import open_cache
from percae_core.data.lunarlander_prepare import (
    CollectionParams,
    collection_dir,
    prepare_collection,
)
from percae_core.data.lunarlander_render import observation_to_pixels
from percae_core.errors import CorruptCacheError, Interrupted, UsageError
from percae_core.events import Notice, TaskAdvanced, TaskFinished, TaskStarted
from percae_core.paths import Home

SMALL = CollectionParams(rollouts=7, steps=4, seed=1)
LONGER = CollectionParams(rollouts=7, steps=40, seed=1)


def _pool_workers() -> list[int]:
    """Live processes forked by this process's forkserver (Linux /proc)."""
    from multiprocessing import forkserver

    server = forkserver._forkserver._forkserver_pid
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server and fields[0] != "Z":
            children.append(int(stat.parent.name))
    return children


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    home = Home(tmp_path_factory.mktemp("home"))
    events: list = []
    return home, prepare_collection(home, SMALL, workers=1, on_event=events.append), events


def test_collection_holds_every_array_with_its_meta(prepared) -> None:
    home, result, events = prepared
    cache = result.cache
    assert not result.reused
    assert cache.path == collection_dir(home, SMALL)
    assert cache["images"].shape == (28, 3, 64, 64) and cache["images"].dtype == np.uint8
    assert cache["observations"].shape == (28, 8) and cache["observations"].dtype == np.float32
    assert cache["rollout"].tolist() == np.repeat(np.arange(7), 4).tolist()
    assert cache["step"].tolist() == [0, 1, 2, 3] * 7
    assert np.allclose(cache["positions"], observation_to_pixels(cache["observations"]))
    assert cache["images"].any(axis=(1, 2, 3)).all()
    assert cache.meta["parameters"] == {"rollouts": 7, "steps": 4, "seed": 1, "on_end": "continue"}
    assert {"gymnasium", "numpy", "torch", "percae"} <= set(cache.meta["versions"])
    assert (
        isinstance(events[0], TaskStarted) and events[0].unit == "frames" and events[0].total == 28
    )
    assert sum(e.advance for e in events if isinstance(e, TaskAdvanced)) == 28
    assert any(isinstance(e, TaskFinished) for e in events)


def test_second_prepare_reuses_and_says_so(prepared) -> None:
    home, first, _ = prepared
    events: list = []
    again = prepare_collection(home, SMALL, workers=1, on_event=events.append)
    assert again.reused
    assert again.cache.meta["checksum"] == first.cache.meta["checksum"]
    notices = [e.message for e in events if isinstance(e, Notice)]
    assert any("Reusing" in message for message in notices)
    assert not any(isinstance(e, TaskStarted) for e in events)


def test_worker_count_does_not_change_the_data(prepared, tmp_path) -> None:
    _, one_worker, _ = prepared
    two = prepare_collection(Home(tmp_path), SMALL, workers=2)
    assert two.cache.meta["checksum"] == one_worker.cache.meta["checksum"]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_interrupt_in_the_pool_leaves_nothing_and_the_next_run_works(tmp_path) -> None:
    """Ctrl-C arrives (here from the progress sink) while both workers are rendering."""
    home = Home(tmp_path)

    def stop_on_progress(event) -> None:
        if isinstance(event, TaskAdvanced):
            raise KeyboardInterrupt

    with pytest.raises(Interrupted) as caught:
        prepare_collection(home, LONGER, workers=2, on_event=stop_on_progress)
    assert "--rollouts 7 --steps 40" in caught.value.hint
    assert _pool_workers() == []
    folder = home.dataset_dir("lunarlander")
    assert list(folder.iterdir()) == []
    result = prepare_collection(home, SMALL, workers=1)
    assert not result.reused
    assert open_cache(result.cache.path, verify=True)["images"].shape[0] == 28


def test_damaged_collection_names_the_rebuild_command(prepared, tmp_path) -> None:
    home = Home(tmp_path)
    target = prepare_collection(home, SMALL, workers=1).cache.path
    with open(target / "observations.npy", "r+b") as handle:
        handle.seek(-4, 2)
        handle.write(b"\x00\x00\xc0\x7f")
    with pytest.raises(CorruptCacheError) as caught:
        prepare_collection(home, SMALL, workers=1)
    assert "percae data prepare lunarlander --rollouts 7 --steps 4 --seed 1" in caught.value.hint
    assert "--force" in caught.value.hint
    rebuilt = prepare_collection(home, SMALL, workers=1, force=True)
    assert not rebuilt.reused
    assert open_cache(target, verify=True).meta["checksum"] == prepared[1].cache.meta["checksum"]


@pytest.mark.parametrize(
    "params, workers, words",
    [
        (CollectionParams(rollouts=6), 1, "at least 7 rollouts"),
        (CollectionParams(rollouts=-3), 1, "at least 7 rollouts"),
        (CollectionParams(rollouts=7, steps=0), 1, "--steps 0"),
        (CollectionParams(rollouts=7, on_end="stop"), 1, "--on-end"),
        (CollectionParams(rollouts=7, steps=2), 0, "--workers 0"),
    ],
)
def test_nonsensical_parameters_are_refused(tmp_path, params, workers, words) -> None:
    with pytest.raises(UsageError) as caught:
        prepare_collection(Home(tmp_path / "home"), params, workers=workers)
    assert words in str(caught.value)
    assert not (tmp_path / "home").exists()
