"""One output-target policy for every command that writes a file the user names (`results`,
`report`, `figures`): the study's own files are refused even with --force, a read-only file
needs --force, a FIFO stays a FIFO. (`results --out` has its full set in test_results_out.py.)"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import numpy as np
import pytest
from cli_invocation import run_cli
from figure_study import make_figure_study

pytest.importorskip("matplotlib")

#: each command with the arguments that make it write one quick file to --out
COMMANDS = {
    "results": ["results"],
    "report": ["report", "--images", "1"],
}


@pytest.fixture(scope="module")
def study_root(tmp_path_factory) -> Path:
    return make_figure_study(tmp_path_factory.mktemp("output-study")).root


def _cache_file(study_root: Path) -> Path:
    return next((study_root / "datasets").rglob("*.npy"))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_results_database_and_a_cache_are_refused_and_kept(command, study_root, capsys):
    database = study_root / "results.sqlite"
    cache = _cache_file(study_root)
    before = database.read_bytes(), cache.read_bytes()
    for target in (database, cache):
        for force in ([], ["--force"]):
            args = ["--home", str(study_root), *COMMANDS[command], "--out", str(target), *force]
            code, _, err = run_cli(capsys, *args)
            assert code == 2 and "destroy the study" in err, err
            assert "Writing" not in err, "refused before it says it is writing"
    assert (database.read_bytes(), cache.read_bytes()) == before
    np.load(cache)  # still a readable cache


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_read_only_file_is_replaced_only_with_force(command, study_root, tmp_path, capsys):
    target = tmp_path / "kept.out"
    target.write_text("mine")
    target.chmod(0o444)
    args = ["--home", str(study_root), *COMMANDS[command], "--out", str(target)]
    code, _, err = run_cli(capsys, *args)
    assert code == 2 and "read-only" in err and target.read_text() == "mine"
    code, _, err = run_cli(capsys, *args, "--force")
    assert code == 0, err
    assert target.read_text() != "mine" and stat.S_IMODE(target.stat().st_mode) == 0o444


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_fifo_is_written_as_a_stream(command, study_root, tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _, err = run_cli(
        capsys, "--home", str(study_root), *COMMANDS[command], "--out", str(fifo)
    )
    reader.join(timeout=30)
    assert code == 0, err
    assert stat.S_ISFIFO(fifo.stat().st_mode) and received and len(received[0]) > 100


def test_figures_into_the_homes_runs_or_datasets_folder_is_refused(study_root, capsys):
    before = sorted(p.name for p in (study_root / "runs").iterdir())
    for folder in (study_root / "runs", study_root / "datasets" / "svhn"):
        args = ["--home", str(study_root), "figures", "--kind", "overhead", "--out", str(folder)]
        code, _, err = run_cli(capsys, *args)
        assert code == 2 and "destroy the study" in err, err
    assert sorted(p.name for p in (study_root / "runs").iterdir()) == before
    assert not list((study_root / "datasets").rglob("*.png"))


def test_figures_replace_a_read_only_figure_only_with_force(study_root, tmp_path, capsys):
    args = ["--home", str(study_root), "figures", "--kind", "overhead", "--out", str(tmp_path)]
    assert run_cli(capsys, *args)[0] == 0
    (figure,) = tmp_path.iterdir()
    figure.write_bytes(b"mine")
    figure.chmod(0o444)
    code, _, err = run_cli(capsys, *args)
    assert code == 2 and "read-only" in err and figure.read_bytes() == b"mine"
    code, _, err = run_cli(capsys, *args, "--force")
    assert code == 0 and figure.read_bytes().startswith(b"\x89PNG"), err
