"""One pretrained weights file (torch-free): its address, its cache name, where it is read.

`PRETRAINED_FILES` is the registry of every file percae knows: each trunk's file is registered
beside its builder (`trunks.py`, through `trunk_registry.register_trunk`), a distance's file
beside the loss networks that need it (LPIPS's, in `loss_network_registry.py`). `weights.py` downloads, imports and checks them.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from percae_core.registry import Registry

_HASH_IN_NAME = re.compile(r"-([0-9a-f]{8,})\.[A-Za-z0-9]+$")


@dataclass(frozen=True)
class PretrainedFile:
    """One weights file: which model it belongs to, where it comes from, its name in the cache.

    ``name`` is the cache name when the URL's own file name carries no hash prefix; ``packaged``
    is (package, path inside it) of a copy that an installed Python package ships.
    """

    model: str
    url: str
    expected_mb: float | None = None
    name: str | None = None
    packaged: tuple[str, str] | None = None

    def __post_init__(self) -> None:
        if _HASH_IN_NAME.search(self.file_name) is None:
            raise ValueError(f"{self.file_name} carries no '-<sha256 prefix>.' in its name")

    @property
    def file_name(self) -> str:
        """The name in the cache (and, for torchvision's files, the downloaded name)."""
        return self.name or self.download_name

    @property
    def download_name(self) -> str:
        """The name a browser or curl gives the downloaded file."""
        return os.path.basename(urlparse(self.url).path)

    @property
    def hash_prefix(self) -> str:
        """The hex digits after the last '-' of the file name: the start of its SHA-256."""
        match = _HASH_IN_NAME.search(self.file_name)
        assert match is not None
        return match.group(1)

    @property
    def path(self) -> Path:
        return cache_dir() / self.file_name

    def packaged_path(self) -> Path | None:
        """The copy inside an installed package, when that package is installed and ships it."""
        if self.packaged is None:
            return None
        package, inside = self.packaged
        spec = importlib.util.find_spec(package)  # finds the package without importing it
        for folder in (spec.submodule_search_locations or []) if spec else []:
            candidate = Path(folder) / inside
            if candidate.is_file():
                return candidate
        return None

    def location(self) -> Path | None:
        """Where the file can be read now: the cache first, then an installed package."""
        return self.path if self.path.is_file() else self.packaged_path()

    def matches(self, sha256_hex: str) -> bool:
        return sha256_hex.lower().startswith(self.hash_prefix)


def cache_dir() -> Path:
    """torchvision's weights folder: `torch.hub.get_dir()/checkpoints`, i.e.
    `$TORCH_HOME/hub/checkpoints` (default `$XDG_CACHE_HOME/torch/...`, `~/.cache/torch/...`).

    Asked of torch when it is loaded (`torch.hub.set_dir` may have moved it); otherwise found
    the same way without loading torch (nobody can have moved it yet)."""
    hub = sys.modules.get("torch.hub")
    if hub is not None:
        return Path(hub.get_dir()) / "checkpoints"
    cache = os.getenv("XDG_CACHE_HOME", os.path.join("~", ".cache"))
    torch_home = os.path.expanduser(os.getenv("TORCH_HOME", os.path.join(cache, "torch")))
    return Path(torch_home) / "hub" / "checkpoints"


#: Every weights file by the model it belongs to (its `PretrainedFile.model`).
PRETRAINED_FILES: Registry[PretrainedFile] = Registry("weights file")


def register_weights_file(file: PretrainedFile) -> PretrainedFile:
    """Add ``file`` under its model's name (refused when that name is taken)."""
    return PRETRAINED_FILES.register(file.model, file)
