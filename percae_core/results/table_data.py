"""What a results table is, as plain data the exporters and the terminal UI both render.

A `Table` holds its cells already written as text (``rows``; the first column labels the row)
and, where the cells are numbers, the `Summary` behind each (``numbers``), so a UI can sort or
plot without parsing text. A `Section` is every table of one (loss network, profile) pair.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from percae_core.data.catalog import dataset_title
from percae_core.models.variants import variant_title
from percae_core.results.db import PERCEPTUAL_VARIANTS, VARIATIONAL_VARIANTS
from percae_core.results.summary import Summary

__all__ = [
    "PERCEPTUAL_VARIANTS",
    "VARIATIONAL_VARIANTS",
    "Section",
    "Table",
    "caption_for",
    "dataset_title",
    "run_label",
    "variant_title",
]

_LOSS_NET_NOTES = {
    "alexnet-random": "alexnet-random = AlexNet layers with seeded random weights, frozen: an "
    "ablation/offline fallback, not the paper's pretrained network",
}


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numbers: tuple[tuple[Summary | None, ...], ...] = ()
    #: Per row, the index (into ``columns``) of the best value, or None.
    best: tuple[int | None, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    loss_net: str | None
    profile: str | None
    tables: tuple[Table, ...]
    warnings: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        net = self.loss_net or "none (pixel-wise variants only)"
        return f"Loss network {net}, profile {self.profile or 'unknown'}"

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)


def _listed(values: Iterable[object]) -> str:
    distinct = sorted({str(value) for value in values if value is not None})
    return ", ".join(distinct) if distinct else "unknown"


def caption_for(records: Iterable[dict]) -> str:
    """ "Loss network: alexnet · profile: quick · device: cpu" for the records of a table."""
    records = list(records)
    nets = {r.get("loss_net") for r in records if r.get("loss_net") is not None}
    caption = (
        f"Loss network: {_listed(nets)} · profile: "
        f"{_listed(r.get('profile') for r in records)} · device: "
        f"{_listed(r.get('device') for r in records)}"
    )
    notes = [_LOSS_NET_NOTES[net] for net in sorted(nets) if net in _LOSS_NET_NOTES]
    return caption + "".join(f" ({note})" for note in notes)


def run_label(record: dict) -> str:
    """ "seed 0" or "seed 0 rep 1": which run of a grid cell a row is."""
    label = f"seed {record.get('seed')}"
    return label + (f" rep {record['repeat']}" if record.get("repeat") else "")
