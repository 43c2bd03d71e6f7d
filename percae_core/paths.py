"""Where percae keeps its state: `--home DIR`, else `PERCAE_HOME`, else platformdirs' data dir.

Layout under the home::

    datasets/<name>/...     prepared or imported data (uint8 .npy caches)
    runs/<cell-hash>/...    checkpoints and embeddings of each grid cell
    results.sqlite          the results database
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from percae_core.errors import PercaeError

HOME_ENV = "PERCAE_HOME"


def default_home() -> Path:
    return Path(platformdirs.user_data_dir("percae", appauthor=False))


def resolve_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The home directory chosen by flag, environment or default (not created)."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return default_home()


@dataclass(frozen=True)
class Home:
    """The folders of one percae home."""

    root: Path

    @property
    def datasets(self) -> Path:
        return self.root / "datasets"

    @property
    def runs(self) -> Path:
        return self.root / "runs"

    @property
    def database(self) -> Path:
        return self.root / "results.sqlite"

    def dataset_dir(self, name: str) -> Path:
        return self.datasets / name

    def ensure(self) -> Home:
        """Create the home's folders, or explain why it cannot be written."""
        try:
            for folder in (self.root, self.datasets, self.runs):
                folder.mkdir(parents=True, exist_ok=True)
            descriptor, probe = tempfile.mkstemp(prefix=".write-test-", dir=self.root)
            os.close(descriptor)  # a fresh name (O_EXCL): a link planted there is never followed
            os.unlink(probe)
        except OSError as exc:
            raise PercaeError(
                f"The percae home {self.root} cannot be written ({exc.strerror or exc}).",
                hint=f"Choose a writable folder with --home DIR or the {HOME_ENV} environment "
                "variable, or fix the folder's permissions or free space.",
            ) from exc
        return self


def home_from(explicit: str | os.PathLike[str] | None = None) -> Home:
    """The chosen home; something there that is not a folder is refused (nothing is created)."""
    root = resolve_home(explicit)
    if root.exists() and not root.is_dir():
        source = "--home" if explicit else (HOME_ENV if os.environ.get(HOME_ENV) else "the default")
        raise PercaeError(
            f"The percae home {root} (from {source}) exists but is not a folder.",
            hint=f"Point --home or {HOME_ENV} at a folder (a new one is created), or move that "
            "file away.",
        )
    return Home(root)
