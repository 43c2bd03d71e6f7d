"""`percae data import|download stl10|svhn`: success, and every bad input -> exit 1, cache kept."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from official_format_writers import (
    stl10_table,
    svhn_table,
    write_stl10_archive,
    write_stl10_folder,
    write_svhn_folder,
    write_tar_gz,
)

from percae_core.cli.app import main
from percae_core.data import official_files


def run(*args: str) -> int:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    return int(exited.value.code)


def said(capsys) -> tuple[str, str]:
    """(stdout, stderr) with the console's line wrapping undone."""
    captured = capsys.readouterr()
    return " ".join(captured.out.split()), " ".join(captured.err.split())


def snapshot(home: Path, name: str) -> dict[str, str]:
    """Every file under the dataset's folder (hidden partial folders included) and its hash."""
    root = home / "datasets" / name
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def stl(tmp_path, monkeypatch):
    folder = tmp_path / "stl10_binary"
    write_stl10_folder(folder)
    archive = write_stl10_archive(folder, tmp_path / "stl10_binary.tar.gz")
    monkeypatch.setattr(official_files, "STL10_FILES", stl10_table(folder, archive))
    return folder, archive


@pytest.fixture
def svhn_folder(tmp_path, monkeypatch):
    folder = tmp_path / "svhn"
    write_svhn_folder(folder)
    monkeypatch.setattr(official_files, "SVHN_FILES", svhn_table(folder))
    return folder


@pytest.fixture
def imported_stl(stl, isolated_home, capsys):
    """A good STL-10 cache already in place, and its snapshot."""
    assert run("data", "import", "stl10", str(stl[0])) == 0
    capsys.readouterr()
    return snapshot(isolated_home, "stl10")


def test_import_stl10_archive_prints_what_it_imported(stl, isolated_home, capsys):
    assert run("data", "import", "stl10", str(stl[1])) == 0
    out = said(capsys)[0]
    assert (
        "Imported STL-10" in out and "unlabeled 10" in out and "checked against the official" in out
    )
    meta = json.loads((isolated_home / "datasets/stl10/cache/meta.json").read_text())
    assert meta["verified"] is True and meta["counts"]["unlabeled"] == 10
    assert run("data", "status") == 0
    listed = said(capsys)[0]
    assert "STL-10 (stl10): 1 prepared" in listed and "verified=yes" in listed
    assert "images," in listed and "frames" not in listed, "STL-10 holds images, not frames"
    assert "SVHN (svhn): not prepared" in listed and "percae data import svhn" in listed


def test_no_verify_warns_and_records_unverified(stl, isolated_home, capsys, monkeypatch):
    broken = dataclasses.replace(official_files.STL10_FILES.members["test_X.bin"], md5="f" * 32)
    members = {**official_files.STL10_FILES.members, "test_X.bin": broken}
    monkeypatch.setattr(
        official_files,
        "STL10_FILES",
        dataclasses.replace(official_files.STL10_FILES, members=members),
    )
    assert run("data", "import", "stl10", str(stl[0]), "--no-verify") == 0
    out, err = said(capsys)
    assert "--no-verify" in err and "NOT checked" in out
    meta = json.loads((isolated_home / "datasets/stl10/cache/meta.json").read_text())
    assert meta["verified"] is False


def _truncate(stl):
    path = stl[0] / "unlabeled_X.bin"
    path.write_bytes(path.read_bytes()[:-100])
    return "unlabeled_X.bin", "truncated"


def _wrong_md5(stl):
    path = stl[0] / "train_y.bin"
    data = bytearray(path.read_bytes())
    data[0] = 1 if data[0] != 1 else 2
    path.write_bytes(bytes(data))
    return "train_y.bin", "MD5"


def _missing_file(stl):
    (stl[0] / "test_y.bin").unlink()
    return "test_y.bin", "lacks"


@pytest.mark.parametrize("damage", [_truncate, _wrong_md5, _missing_file])
def test_bad_stl10_folder_fails_with_exit_1_and_keeps_the_old_cache(
    damage, stl, imported_stl, isolated_home, capsys
):
    named, why = damage(stl)
    assert run("data", "import", "stl10", str(stl[0])) == 1
    err = said(capsys)[1]
    assert named in err and why in err and "Traceback" not in err
    assert snapshot(isolated_home, "stl10") == imported_stl


def test_archive_that_is_not_stl10_is_refused(tmp_path, stl, imported_stl, isolated_home, capsys):
    other = write_tar_gz(
        tmp_path / "photos.tar.gz", {"photos/a.jpg": b"\xff\xd8", "readme.txt": b"hi"}
    )
    assert run("data", "import", "stl10", str(other)) == 1
    err = said(capsys)[1]
    assert "is not the STL-10 archive" in err and "train_X.bin" in err
    not_a_tar = tmp_path / "stl10_binary.tar.gz.part"
    not_a_tar.write_bytes(b"this is no archive" * 100)
    assert run("data", "import", "stl10", str(not_a_tar)) == 1
    assert "is not a tar archive" in said(capsys)[1]
    assert snapshot(isolated_home, "stl10") == imported_stl


def test_archive_with_wrong_md5_is_refused(stl, imported_stl, isolated_home, capsys, monkeypatch):
    table = official_files.STL10_FILES
    monkeypatch.setattr(
        official_files,
        "STL10_FILES",
        dataclasses.replace(table, archive=dataclasses.replace(table.archive, md5="0" * 32)),
    )
    assert run("data", "import", "stl10", str(stl[1])) == 1
    err = said(capsys)[1]
    assert "stl10_binary.tar.gz" in err and "MD5 sum" in err and "--no-verify" in err
    assert snapshot(isolated_home, "stl10") == imported_stl


def test_svhn_import_and_bad_mat_and_missing_file(svhn_folder, isolated_home, capsys):
    assert run("data", "import", "svhn", str(svhn_folder)) == 0
    assert "Imported SVHN: extra 20, train 12, test 6 images" in said(capsys)[0]
    good = snapshot(isolated_home, "svhn")
    (svhn_folder / "extra_32x32.mat").write_bytes(b"MATLAB 5.0 MAT-file, damaged" + bytes(200))
    assert run("data", "import", "svhn", str(svhn_folder), "--no-verify") == 1
    err = said(capsys)[1]
    assert "is not a usable SVHN file" in err and "Download extra_32x32.mat again" in err
    assert run("data", "import", "svhn", str(svhn_folder)) == 1
    assert "MD5" in said(capsys)[1]
    (svhn_folder / "test_32x32.mat").unlink()
    assert run("data", "import", "svhn", str(svhn_folder)) == 1
    assert "lacks test_32x32.mat" in said(capsys)[1]
    assert snapshot(isolated_home, "svhn") == good


def test_download_offline_says_how_to_import(capsys):
    assert run("data", "download", "svhn") == 1
    err = said(capsys)[1]
    assert "PERCAE_OFFLINE=1" in err and "percae data import svhn" in err


def test_lunarlander_and_unknown_names_are_usage_errors(tmp_path, capsys):
    assert run("data", "import", "lunarlander", str(tmp_path)) == 2
    assert "percae data prepare lunarlander" in said(capsys)[1]
    assert run("data", "import", "cifar10", str(tmp_path)) == 2


@pytest.mark.slow
def test_end_to_end_import_in_a_fresh_process(tmp_path):
    folder = tmp_path / "svhn"
    write_svhn_folder(folder)
    home = tmp_path / "fresh-home"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "percae_core",
            "--home",
            str(home),
            "data",
            "import",
            "svhn",
            str(folder),
            "--no-verify",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Imported SVHN" in done.stdout
    assert json.loads((home / "datasets/svhn/cache/meta.json").read_text())["verified"] is False


def test_the_import_help_names_each_dataset_and_its_files_from_the_catalog(monkeypatch):
    from dataclasses import replace

    from typer.testing import CliRunner

    from percae_core.cli.app import app
    from percae_core.data.catalog import STL10, register_dataset, unregister_dataset

    extra = replace(STL10, name="birds", title="Birds", order=60, import_source="birds.zip")
    register_dataset(extra)
    try:
        result = CliRunner().invoke(app, ["data", "import", "--help"], env={"COLUMNS": "400"})
    finally:
        unregister_dataset(extra.name)
    assert result.exit_code == 0
    assert "One of: stl10, svhn, birds, images." in result.output
    assert "Birds: birds.zip." in result.output
    assert "SVHN: the folder holding train_32x32.mat" in result.output
