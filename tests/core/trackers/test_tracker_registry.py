"""The tracker registry: names, and a missing package's message with the install command."""

from __future__ import annotations

import sys

import pytest

from percae_core.errors import UsageError
from percae_core.trackers.registry import TrackerMissingError, get_tracker, list_trackers


def test_unknown_tracker_lists_the_known_ones():
    with pytest.raises(UsageError) as caught:
        get_tracker("wandb")
    assert all(name in str(caught.value) for name in list_trackers())


@pytest.mark.parametrize("name", list_trackers())
def test_a_missing_package_says_how_to_install_it(name, monkeypatch, tmp_path):
    spec = get_tracker(name)
    monkeypatch.setitem(sys.modules, spec.package, None)  # import now raises ImportError
    with pytest.raises(TrackerMissingError) as caught:
        spec.open_writer(tmp_path / "out")
    assert f"pip install 'percae[{name}]'" in str(caught.value)
    assert caught.value.exit_code == 1
    assert not (tmp_path / "out").exists()
