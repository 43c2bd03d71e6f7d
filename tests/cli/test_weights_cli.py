"""`percae weights status` and `percae weights import FILE`: exit codes and what the user reads."""

from __future__ import annotations

import hashlib

import pytest

from percae_core.cli.app import main
from percae_core.models import weights
from percae_core.models.weights import PretrainedFile


@pytest.fixture(autouse=True)
def offline_torch_home(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.setenv("PERCAE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PERCAE_OFFLINE", "1")
    # An installed `lpips` package would supply its file: these tests start from nothing.
    monkeypatch.setattr(PretrainedFile, "packaged_path", lambda self: None)


def _run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    captured = capsys.readouterr()
    return info.value.code, " ".join(captured.out.split()), " ".join(captured.err.split())


@pytest.fixture
def tiny_known_file(monkeypatch) -> tuple[PretrainedFile, bytes]:
    payload = b"crafted weights for the CLI test"
    prefix = hashlib.sha256(payload).hexdigest()[:8]
    file = PretrainedFile("alexnet", f"https://example.invalid/models/alexnet-owt-{prefix}.pth")
    monkeypatch.setitem(weights.PRETRAINED_FILES, "alexnet", file)
    return file, payload


def test_status_lists_every_known_file_as_missing_with_its_url(capsys):
    code, out, _ = _run(capsys, "weights", "status")
    assert code == 0
    for file in weights.PRETRAINED_FILES.values():
        assert file.file_name in out and file.url in out
    assert "missing" in out and "percae weights import FILE" in out
    assert "PERCAE_OFFLINE=1" in out


def test_import_then_status_shows_the_file_present_and_verified(capsys, tmp_path, tiny_known_file):
    file, payload = tiny_known_file
    source = tmp_path / file.file_name
    source.write_bytes(payload)
    code, out, _ = _run(capsys, "weights", "import", str(source))
    assert code == 0
    assert "Imported" in out and file.hash_prefix in out
    assert file.path.read_bytes() == payload
    code, out, _ = _run(capsys, "weights", "status", "--verify")
    assert code == 0 and "hash ok" in out


def test_import_of_a_wrong_file_exits_1_with_expected_and_actual_hash(
    capsys, tmp_path, tiny_known_file
):
    file, _ = tiny_known_file
    source = tmp_path / file.file_name
    source.write_bytes(b"half a download")
    code, out, err = _run(capsys, "weights", "import", str(source))
    assert code == 1
    assert file.hash_prefix in err and hashlib.sha256(b"half a download").hexdigest() in err
    assert "not imported" in err and "Traceback" not in err
    assert not file.path.exists()


def test_import_of_an_unknown_file_exits_1_listing_known_names(capsys, tmp_path):
    source = tmp_path / "weights.bin"
    source.write_bytes(b"no model at all")
    code, _, err = _run(capsys, "weights", "import", str(source))
    assert code == 1
    for file in weights.PRETRAINED_FILES.values():
        assert file.file_name in err


def test_import_of_a_missing_path_exits_1(capsys, tmp_path):
    code, _, err = _run(capsys, "weights", "import", str(tmp_path / "nothing.pth"))
    assert code == 1 and "no file" in err


def test_import_without_a_file_is_a_usage_error(capsys):
    code, _, _ = _run(capsys, "weights", "import")
    assert code == 2
