import os

import pytest

from percae_core.errors import PercaeError
from percae_core.paths import Home, home_from, resolve_home


def test_flag_beats_environment_beats_default(tmp_path, monkeypatch):
    monkeypatch.setenv("PERCAE_HOME", str(tmp_path / "env"))
    assert resolve_home(tmp_path / "flag") == (tmp_path / "flag").resolve()
    assert resolve_home(None) == (tmp_path / "env").resolve()
    monkeypatch.delenv("PERCAE_HOME")
    assert resolve_home(None).name == "percae"


def test_ensure_creates_the_layout(tmp_path):
    home = home_from(tmp_path / "h").ensure()
    assert home.datasets.is_dir() and home.runs.is_dir()
    assert home.database.parent == home.root


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_home_is_explained(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    with pytest.raises(PercaeError, match="cannot be written"):
        Home(locked / "inner").ensure()


def test_home_that_is_a_file_is_explained(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PercaeError, match="--home"):
        Home(blocker / "home").ensure()


@pytest.mark.parametrize("command", [["data", "status"], ["results"]])
def test_a_home_that_is_a_file_is_refused_with_exit_1(tmp_path, monkeypatch, capsys, command):
    """Issue #13, fault 12: these reported an empty home and exited 0."""
    from percae_core.cli.app import main

    not_a_folder = tmp_path / "home-file"
    not_a_folder.write_text("x")
    monkeypatch.setenv("PERCAE_HOME", str(not_a_folder))
    with pytest.raises(SystemExit) as caught:
        main(command)
    assert caught.value.code == 1
    assert "is not a folder" in capsys.readouterr().err
    assert not_a_folder.read_text() == "x"


def test_ensure_never_writes_through_a_link_planted_in_the_home(tmp_path) -> None:
    import os

    from percae_core.paths import Home

    home = Home(tmp_path / "shared-home")
    home.root.mkdir()
    outside = tmp_path / "victim.txt"
    outside.write_text("precious")
    for name in (f".write-test-{os.getpid()}", "write-test", ".write-test"):
        (home.root / name).symlink_to(outside)
    home.ensure()
    assert outside.read_text() == "precious"
