"""The datasets of the study, by name; the CLI, the runner, the TUI and the tests iterate it.

Each dataset module defines one `DatasetSpec` called ``SPEC``; this registry collects them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from percae_core.data.parts import DatasetParts, Task
from percae_core.errors import UsageError
from percae_core.events import EventSink
from percae_core.paths import Home
from percae_core.profiles import DatasetScale


@dataclass(frozen=True)
class DatasetSpec:
    """What the rest of percae needs to know about one dataset."""

    name: str
    title: str
    image_size: tuple[int, int]
    task: Task
    metric: str
    num_outputs: int
    how_to_get: str
    is_ready: Callable[[Home, DatasetScale], bool]
    load_parts: Callable[[Home, DatasetScale, EventSink], DatasetParts]
    status: Callable[..., list[dict[str, Any]]]
    """status(home, verify=False): entries for `percae data status` (see lunarlander.status)."""
    prepares_itself: bool = False
    """True when load_parts can build the data itself (LunarLander renders it; others need files)."""


def _specs() -> dict[str, DatasetSpec]:
    from percae_core.data import lunarlander, stl10, svhn

    specs = [lunarlander.SPEC, stl10.SPEC, svhn.SPEC]
    return {spec.name: spec for spec in specs}


def datasets() -> dict[str, DatasetSpec]:
    return _specs()


def list_datasets() -> list[str]:
    return list(_specs())


def get_dataset(name: str) -> DatasetSpec:
    specs = _specs()
    try:
        return specs[name.strip().lower()]
    except KeyError:
        raise UsageError(
            f"Unknown dataset {name!r}.", hint=f"Choose from: {', '.join(specs)}."
        ) from None
