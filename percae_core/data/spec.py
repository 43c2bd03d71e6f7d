"""A loadable dataset: its description plus the functions of its own module that read it.

Each dataset module defines one `DatasetSpec` called ``SPEC``; `percae_core.data.registry` finds
it through the module name in the dataset's description, so the registry never imports the
dataset modules (which import this file) by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from percae_core.data.description import DatasetDescription, Task
from percae_core.data.scale import DatasetScale
from percae_core.events import EventSink
from percae_core.paths import Home

if TYPE_CHECKING:
    from percae_core.data.parts import DatasetParts


@dataclass(frozen=True)
class DatasetSpec:
    """What the rest of percae needs to know about one dataset, and how to load it."""

    description: DatasetDescription
    how_to_get: str
    is_ready: Callable[[Home, DatasetScale], bool]
    load_parts: Callable[[Home, DatasetScale, EventSink], DatasetParts]
    status: Callable[..., list[dict[str, Any]]]
    """status(home, verify=False): entries for `percae data status` (see lunarlander.status)."""

    @property
    def name(self) -> str:
        return self.description.name

    @property
    def title(self) -> str:
        return self.description.title

    @property
    def image_size(self) -> tuple[int, int]:
        return self.description.image_size

    @property
    def task(self) -> Task:
        return self.description.task

    @property
    def metric(self) -> str:
        return self.description.metric

    @property
    def num_outputs(self) -> int:
        return self.description.num_outputs

    @property
    def prepares_itself(self) -> bool:
        """True when load_parts can build the data itself (LunarLander renders it)."""
        return self.description.prepares_itself
