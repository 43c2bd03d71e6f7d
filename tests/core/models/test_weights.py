"""Pretrained weights: cache folder, offline errors, downloads (faked server) and imports."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from urllib.error import URLError

import pytest
import torch

from percae_core.downloads import http_download
from percae_core.errors import CorruptCacheError, Interrupted, PercaeError, WeightsMissingError
from percae_core.events import TaskAdvanced, TaskStarted
from percae_core.models import weights
from percae_core.models.trunk_registry import TRUNKS
from percae_core.models.weights import PretrainedFile


@pytest.fixture
def torch_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "torch"
    monkeypatch.setenv("TORCH_HOME", str(home))
    monkeypatch.delenv("PERCAE_OFFLINE", raising=False)
    return home


def _crafted_file(payload: bytes, model: str = "tiny") -> PretrainedFile:
    """A known-files entry whose name carries the real hash prefix of `payload`."""
    prefix = hashlib.sha256(payload).hexdigest()[:10]
    return PretrainedFile(model=model, url=f"https://example.invalid/models/{model}-{prefix}.pth")


def _state_bytes(seed: int) -> bytes:
    buffer = io.BytesIO()
    torch.save({"w": torch.randn(4, 3, generator=torch.Generator().manual_seed(seed))}, buffer)
    return buffer.getvalue()


def test_cache_dir_follows_torch_home(torch_home):
    assert weights.cache_dir() == torch_home / "hub" / "checkpoints"
    assert (
        weights.PRETRAINED_FILES["alexnet"].path
        == torch_home / "hub" / "checkpoints" / "alexnet-owt-7be5be79.pth"
    )


def test_known_files_are_torchvisions_with_hash_prefixes():
    alexnet = weights.PRETRAINED_FILES["alexnet"]
    trunk_files = [weights.PRETRAINED_FILES[model] for model in TRUNKS]
    assert alexnet.url == "https://download.pytorch.org/models/alexnet-owt-7be5be79.pth"
    assert alexnet.hash_prefix == "7be5be79"
    assert [f.model for f in weights.PRETRAINED_FILES.values()] == [*TRUNKS, "lpips-alex"]
    assert all(f.url.startswith("https://download.pytorch.org/models/") for f in trunk_files)


def test_offline_error_names_file_folder_url_and_import_command(torch_home, monkeypatch):
    monkeypatch.setenv("PERCAE_OFFLINE", "1")
    monkeypatch.setattr(http_download, "urlopen", _must_not_download)
    with pytest.raises(WeightsMissingError) as info:
        weights.load_pretrained_state_dict("alexnet")
    text = str(info.value)
    assert "alexnet-owt-7be5be79.pth" in text
    assert str(torch_home / "hub" / "checkpoints") in text
    assert "https://download.pytorch.org/models/alexnet-owt-7be5be79.pth" in text
    assert "percae weights import alexnet-owt-7be5be79.pth" in text
    assert "PERCAE_OFFLINE=1" in text


def _must_not_download(*args, **kwargs):
    raise AssertionError("no download may be attempted")


def test_download_not_allowed_is_missing_error(torch_home, monkeypatch):
    monkeypatch.setattr(http_download, "urlopen", _must_not_download)
    with pytest.raises(WeightsMissingError, match="not allowed"):
        weights.load_pretrained_state_dict("resnet18", allow_download=False)


def test_failed_connection_is_missing_error_with_short_timeout(torch_home, monkeypatch):
    timeouts = []

    def unreachable(request, timeout=None):
        timeouts.append(timeout)
        raise URLError("Name or service not known")

    monkeypatch.setattr(http_download, "urlopen", unreachable)
    with pytest.raises(WeightsMissingError) as info:
        weights.load_pretrained_state_dict("vgg16")
    assert timeouts and timeouts[0] <= 10
    assert "Name or service not known" in str(info.value)
    assert "percae weights import vgg16-397923af.pth" in str(info.value)
    assert not any((torch_home / "hub" / "checkpoints").iterdir())


class _FakeResponse(io.BytesIO):
    def __init__(self, payload: bytes, fail_after: int | None = None) -> None:
        super().__init__(payload)
        self.headers = {"Content-Length": str(len(payload))}
        self.fail_after = fail_after

    def read(self, size: int = -1) -> bytes:
        if self.fail_after is not None and self.tell() >= self.fail_after:
            raise KeyboardInterrupt
        return super().read(size)


def test_download_checks_hash_then_loads_through_torch_hub(torch_home, tmp_path, monkeypatch):
    payload = _state_bytes(seed=1)
    file = _crafted_file(payload)
    monkeypatch.setitem(weights.PRETRAINED_FILES, "tiny", file)
    monkeypatch.setattr(
        http_download, "urlopen", lambda request, timeout=None: _FakeResponse(payload)
    )
    events = []
    state = weights.load_pretrained_state_dict("tiny", on_event=events.append)
    assert torch.equal(state["w"], torch.randn(4, 3, generator=torch.Generator().manual_seed(1)))
    assert file.path.read_bytes() == payload
    assert any(isinstance(e, TaskStarted) for e in events)
    # A second load reads the cache: no server needed.
    monkeypatch.setattr(http_download, "urlopen", _must_not_download)
    assert torch.equal(weights.load_pretrained_state_dict("tiny")["w"], state["w"])


def test_download_with_wrong_hash_is_discarded(torch_home, tmp_path, monkeypatch):
    file = _crafted_file(b"the real file")
    monkeypatch.setitem(weights.PRETRAINED_FILES, "tiny", file)
    monkeypatch.setattr(
        http_download, "urlopen", lambda request, timeout=None: _FakeResponse(b"tampered")
    )
    with pytest.raises(CorruptCacheError, match=file.hash_prefix):
        weights.load_pretrained_state_dict("tiny")
    assert list(file.path.parent.iterdir()) == []


def test_interrupted_download_leaves_nothing(torch_home, tmp_path, monkeypatch):
    payload = bytes(3 * 1024 * 1024)
    file = _crafted_file(payload)
    monkeypatch.setitem(weights.PRETRAINED_FILES, "tiny", file)
    response = _FakeResponse(payload, fail_after=1024 * 1024)
    monkeypatch.setattr(http_download, "urlopen", lambda request, timeout=None: response)
    with pytest.raises(Interrupted, match="nothing partial was kept"):
        weights.load_pretrained_state_dict("tiny")
    assert list(file.path.parent.iterdir()) == []


def test_damaged_cached_file_is_reported_not_loaded(torch_home, tmp_path, monkeypatch):
    file = _crafted_file(b"whatever")
    monkeypatch.setitem(weights.PRETRAINED_FILES, "tiny", file)
    file.path.parent.mkdir(parents=True)
    file.path.write_bytes(b"not a torch file")
    with pytest.raises(CorruptCacheError) as info:
        weights.load_pretrained_state_dict("tiny")
    assert str(file.path) in str(info.value) and "percae weights import" in str(info.value)


def test_import_accepts_file_whose_hash_matches_its_name(torch_home, tmp_path, monkeypatch):
    payload = _state_bytes(seed=2)
    file = _crafted_file(payload)
    monkeypatch.setitem(weights.PRETRAINED_FILES, "tiny", file)
    source = tmp_path / "downloads" / file.file_name
    source.parent.mkdir()
    source.write_bytes(payload)
    events = []
    result = weights.import_weights(source, on_event=events.append)
    assert result.path == file.path and file.path.read_bytes() == payload
    assert result.sha256 == hashlib.sha256(payload).hexdigest() and not result.replaced
    assert sum(e.advance for e in events if isinstance(e, TaskAdvanced)) >= 1
    assert [p.name for p in file.path.parent.iterdir()] == [file.file_name]
    assert weights.import_weights(source).replaced


def test_import_recognises_a_renamed_file_by_its_hash(torch_home, tmp_path, monkeypatch):
    payload = _state_bytes(seed=3)
    file = _crafted_file(payload)
    monkeypatch.setitem(weights.PRETRAINED_FILES, "tiny", file)
    source = tmp_path / "download (1).pth"
    source.write_bytes(payload)
    assert weights.import_weights(source).path == file.path
    assert file.path.read_bytes() == payload


def test_import_refuses_wrong_content_with_expected_and_actual_hash(
    torch_home, tmp_path, monkeypatch
):
    file = _crafted_file(b"the genuine weights")
    monkeypatch.setitem(weights.PRETRAINED_FILES, "tiny", file)
    file.path.parent.mkdir(parents=True)
    file.path.write_bytes(b"the genuine weights")
    source = tmp_path / file.file_name
    source.write_bytes(b"a truncated download")
    with pytest.raises(PercaeError) as info:
        weights.import_weights(source)
    assert file.hash_prefix in str(info.value)
    assert hashlib.sha256(b"a truncated download").hexdigest() in str(info.value)
    assert file.path.read_bytes() == b"the genuine weights"
    assert [p.name for p in file.path.parent.iterdir()] == [file.file_name]


def test_import_refuses_unknown_file_listing_known_names(torch_home, tmp_path):
    source = tmp_path / "model.pth"
    source.write_bytes(b"something else")
    with pytest.raises(PercaeError) as info:
        weights.import_weights(source)
    for known in ("alexnet-owt-7be5be79.pth", "vgg16-397923af.pth", "resnet18-f37072fd.pth"):
        assert known in str(info.value)
    assert list(weights.cache_dir().iterdir()) == []


def test_import_of_missing_path_explains(torch_home, tmp_path):
    with pytest.raises(PercaeError, match="no file"):
        weights.import_weights(tmp_path / "nope.pth")


def test_status_reports_presence_size_and_hash(torch_home, tmp_path, monkeypatch):
    good, bad = b"good weights", b"bad weights"
    good_file = _crafted_file(good, model="good")
    bad_file = PretrainedFile("bad", f"https://example.invalid/bad-{'0' * 8}.pth")
    monkeypatch.setattr(
        weights,
        "PRETRAINED_FILES",
        {"good": good_file, "bad": bad_file, "alexnet": weights.PRETRAINED_FILES["alexnet"]},
    )
    good_file.path.parent.mkdir(parents=True)
    good_file.path.write_bytes(good)
    bad_file.path.write_bytes(bad)
    rows = {row.file.model: row for row in weights.weights_status(verify=True)}
    assert (
        rows["good"].present
        and rows["good"].size_bytes == len(good)
        and rows["good"].hash_ok is True
    )
    assert rows["bad"].present and rows["bad"].hash_ok is False
    assert not rows["alexnet"].present and rows["alexnet"].size_bytes is None
    assert all(row.hash_ok is None for row in weights.weights_status(verify=False))


def _packaged_file(tmp_path, monkeypatch, payload: bytes) -> PretrainedFile:
    """A known file that an installed package (a fake one on sys.path) ships as `w/alex.pth`."""
    package = tmp_path / "site" / "fakelpips"
    (package / "w").mkdir(parents=True)
    (package / "__init__.py").write_text("raise ImportError('finding it must not import it')\n")
    (package / "w" / "alex.pth").write_bytes(payload)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    prefix = hashlib.sha256(payload).hexdigest()[:8]
    file = PretrainedFile(
        "fake-lin",
        "https://example.invalid/weights/alex.pth",
        name=f"fake-lin-{prefix}.pth",
        packaged=("fakelpips", "w/alex.pth"),
    )
    monkeypatch.setitem(weights.PRETRAINED_FILES, "fake-lin", file)
    return file


def test_a_packaged_file_is_read_offline_and_a_cached_copy_wins(torch_home, tmp_path, monkeypatch):
    monkeypatch.setenv("PERCAE_OFFLINE", "1")
    monkeypatch.setattr(http_download, "urlopen", _must_not_download)
    file = _packaged_file(tmp_path, monkeypatch, _state_bytes(seed=4))
    expected = torch.randn(4, 3, generator=torch.Generator().manual_seed(4))
    assert torch.equal(weights.load_pretrained_state_dict("fake-lin")["w"], expected)
    (row,) = [r for r in weights.weights_status() if r.file.model == "fake-lin"]
    assert row.present and row.path == tmp_path / "site" / "fakelpips" / "w" / "alex.pth"
    file.path.parent.mkdir(parents=True)
    file.path.write_bytes(_state_bytes(seed=5))
    cached = torch.randn(4, 3, generator=torch.Generator().manual_seed(5))
    assert torch.equal(weights.load_pretrained_state_dict("fake-lin")["w"], cached)


def test_a_download_named_without_hash_is_imported_under_the_hashed_name(
    torch_home, tmp_path, monkeypatch
):
    payload = _state_bytes(seed=6)
    prefix = hashlib.sha256(payload).hexdigest()[:8]
    file = PretrainedFile(
        "fake-lin", "https://example.invalid/weights/alex.pth", name=f"fake-lin-{prefix}.pth"
    )
    monkeypatch.setitem(weights.PRETRAINED_FILES, "fake-lin", file)
    source = tmp_path / "alex.pth"
    source.write_bytes(payload)
    assert weights.import_weights(source).path == weights.cache_dir() / f"fake-lin-{prefix}.pth"
    monkeypatch.setenv("PERCAE_OFFLINE", "1")
    with pytest.raises(WeightsMissingError) as info:
        weights.load_pretrained_state_dict("resnet18")
    assert "percae weights import resnet18-f37072fd.pth" in str(info.value)


def test_missing_lpips_weights_name_the_download_and_the_package(torch_home, monkeypatch):
    monkeypatch.setenv("PERCAE_OFFLINE", "1")
    monkeypatch.setattr(PretrainedFile, "packaged_path", lambda self: None)
    with pytest.raises(WeightsMissingError) as info:
        weights.load_pretrained_state_dict("lpips-alex")
    text = str(info.value)
    assert "lpips-alex-v0.1-df73285e.pth" in text and "percae weights import alex.pth" in text
    assert "pip install lpips" in text


def test_the_installed_lpips_package_ships_the_file_percae_expects():
    file = weights.PRETRAINED_FILES["lpips-alex"]
    shipped = file.packaged_path()
    if shipped is None:
        pytest.skip("the lpips package is not installed")
    assert file.matches(hashlib.sha256(shipped.read_bytes()).hexdigest())
    state = torch.load(shipped, map_location="cpu", weights_only=True)
    assert [tuple(state[f"lin{k}.model.1.weight"].shape) for k in range(5)] == [
        (1, channels, 1, 1) for channels in (64, 192, 384, 256, 256)
    ]


def test_a_second_file_under_a_taken_model_name_is_refused():
    from percae_core.models.weights_file import register_weights_file
    from percae_core.registry import DuplicateEntryError

    with pytest.raises(DuplicateEntryError, match="alexnet"):
        register_weights_file(weights.PRETRAINED_FILES["alexnet"])


def test_a_file_of_pickled_objects_never_relays_torchs_unsafe_advice(torch_home, monkeypatch):
    file = _crafted_file(b"whatever")
    monkeypatch.setitem(weights.PRETRAINED_FILES, "tiny", file)
    file.path.parent.mkdir(parents=True)
    buffer = io.BytesIO()
    torch.save({"weight": torch.zeros(1), "planted": Path("/")}, buffer)
    file.path.write_bytes(buffer.getvalue())
    with pytest.raises(CorruptCacheError) as info:
        weights.load_pretrained_state_dict("tiny")
    assert "weights_only" not in str(info.value) and "pickled objects" in str(info.value)
