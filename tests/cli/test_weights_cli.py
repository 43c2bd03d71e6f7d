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


def _known_state_dict_file(monkeypatch, tmp_path) -> tuple[PretrainedFile, bytes]:
    """SqueezeNet 1.1's real state-dict shapes (seeded), known under its own hash prefix."""
    import io

    import torch
    import torchvision

    torch.manual_seed(0)
    buffer = io.BytesIO()
    torch.save(torchvision.models.squeezenet1_1(weights=None).state_dict(), buffer)
    payload = buffer.getvalue()
    prefix = hashlib.sha256(payload).hexdigest()[:8]
    file = PretrainedFile("squeezenet1_1", f"https://example.invalid/squeezenet1_1-{prefix}.pth")
    monkeypatch.setitem(weights.PRETRAINED_FILES, "squeezenet1_1", file)
    return file, payload


def test_import_of_several_files_imports_the_good_and_names_the_bad(
    capsys, tmp_path, tiny_known_file, monkeypatch
):
    from percae_core.models.loss_networks import build_loss_network

    squeeze, payload = _known_state_dict_file(monkeypatch, tmp_path)
    alexnet, _ = tiny_known_file
    good, bad = tmp_path / squeeze.file_name, tmp_path / alexnet.file_name
    good.write_bytes(payload)
    bad.write_bytes(b"a truncated alexnet download")
    code, out, err = _run(capsys, "weights", "import", str(bad), str(good))
    assert code == 1 and "Traceback" not in err
    assert f"Imported {squeeze.path}" in out and "squeezenet1_1:relu1 | fire2 | fire5" in out
    assert str(bad) in "".join(err.split()) and alexnet.hash_prefix in err
    assert "1 of 2 files" in err
    assert squeeze.path.read_bytes() == payload and not alexnet.path.exists()
    assert build_loss_network("squeezenet1_1:fire2", allow_download=False).pretrained

    code, out, _ = _run(capsys, "weights", "status", "--only-missing")
    assert code == 0 and squeeze.file_name not in out and alexnet.file_name in out


def test_status_names_the_networks_each_file_serves_and_fits_80_columns(capsys, monkeypatch):
    from percae_core.cli.weights_cmd import compact_names

    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as info:
        main(["weights", "status"])
    out = capsys.readouterr().out
    assert info.value.code == 0
    table = out[: out.index("SHA-256: how")]
    assert max(len(line) for line in table.splitlines()) <= 80
    for file in weights.PRETRAINED_FILES.values():
        assert file.hash_prefix in table and file.url in out
    (vgg16,) = [row for row in weights.weights_status() if row.file.model == "vgg16"]
    assert compact_names(vgg16.needed_by) == (
        "vgg16:relu1_2 | relu2_2 | relu3_3 | relu4_3 | relu5_3"
    )
    assert compact_names(("alexnet", "alexnet:relu1", "lpips")) == "alexnet, alexnet:relu1, lpips"
