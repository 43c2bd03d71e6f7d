"""What a results table is, as plain data the exporters and the terminal UI both render.

A `Table` holds its cells already written as text (``rows``; the first column labels the row)
and, where the cells are numbers, the `Summary` behind each (``numbers``), so a UI can sort or
plot without parsing text. A `Section` is every table of one setting (`settings.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from percae_core.data.catalog import dataset_title, describe
from percae_core.errors import UsageError
from percae_core.models.loss_network_registry import LOSS_NETWORKS
from percae_core.models.trunk_registry import TRUNKS
from percae_core.models.variants import variant_title
from percae_core.results.record_order import PERCEPTUAL_VARIANTS, VARIATIONAL_VARIANTS
from percae_core.results.settings import NOTED_KEYS, is_default
from percae_core.results.summary import Summary

if TYPE_CHECKING:
    from percae_core.results.comparisons import ComparisonRecord

__all__ = [
    "PERCEPTUAL_VARIANTS",
    "VARIATIONAL_VARIANTS",
    "Section",
    "Table",
    "caption_for",
    "dataset_title",
    "has_onscreen_rule",
    "run_label",
    "thread_caption",
    "variant_title",
]


def loss_net_note(name: str) -> str | None:
    """What a caption says of a random (not pretrained) loss network; None for a pretrained or
    unregistered one. Read from the network's entry (its `pretrained` flag, trunk, fallback)."""
    spec = LOSS_NETWORKS.get(name)
    if spec is None or spec.pretrained:
        return None
    trunk = TRUNKS.get(spec.model)
    title = trunk.title if trunk is not None else spec.model
    fallback = any(other.fallback == name for other in LOSS_NETWORKS.values())
    role = "an ablation/offline fallback" if fallback else "an ablation"
    return (
        f"{name} = {title} layers with seeded random weights, frozen: {role}, not the paper's "
        "pretrained network"
    )


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
    #: Each perceptual cell's comparison with its pixel-wise twin (`results/comparisons.py`),
    #: shown as a sub-table under the table; () where the table has none.
    comparisons: tuple[ComparisonRecord, ...] = ()


@dataclass(frozen=True)
class Section:
    loss_net: str | None
    profile: str | None
    tables: tuple[Table, ...]
    warnings: tuple[str, ...] = ()
    #: Every setting key (`settings.SETTING_KEYS`) -> its value in this section.
    setting: dict = field(default_factory=dict)
    #: What sets this section apart from the report's others besides loss network and profile
    #: (e.g. "γ = 1e-05"); "" when nothing else differs.
    difference: str = ""
    #: The setting keys ``difference`` names, in `settings.SETTING_KEYS` order.
    difference_keys: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        net = self.loss_net or "none (pixel-wise variants only)"
        heading = f"Loss network {net}, profile {self.profile or 'unknown'}"
        return f"{heading}, {self.difference}" if self.difference else heading

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)


def _listed(values: Iterable[object]) -> str:
    distinct = sorted({str(value) for value in values if value is not None})
    return ", ".join(distinct) if distinct else "unknown"


def has_onscreen_rule(dataset: str) -> bool:
    """True when ``dataset``'s parts depend on the off-screen rule (`--onscreen`); a dataset no
    longer registered might, so True."""
    try:
        return describe(dataset).onscreen_rule
    except UsageError:
        return True


def caption_for(records: Iterable[dict]) -> str:
    """ "Loss network: alexnet · profile: quick · γ: 0.01 · epochs: 50 · batch size: 512 ·
    off-screen rule: paper · precision: fp32 · device: cpu" for the records of a table (unknown:
    not recorded; the off-screen rule only where a table's dataset has one)."""
    records = list(records)
    nets: set[str] = {r["loss_net"] for r in records if r.get("loss_net") is not None}
    gammas = [f"{float(r['gamma']):g}" for r in records if r.get("gamma") is not None]
    with_rule = [r for r in records if "dataset" in r and has_onscreen_rule(r["dataset"])]
    caption = (
        f"Loss network: {_listed(nets)} · profile: "
        f"{_listed(r.get('profile') for r in records)}"
        + (f" · γ: {_listed(gammas)}" if gammas else "")
        + f" · epochs: {_listed(r.get('epochs') for r in records)}"
        f" · batch size: {_listed(r.get('batch_size') for r in records)}"
        + (
            f" · off-screen rule: {_listed(r.get('onscreen') for r in with_rule)}"
            if with_rule
            else ""
        )
        + f" · precision: {_listed(r.get('precision') for r in records)}"
        + _noted_settings(records)
        + f" · device: {_listed(r.get('device') for r in records)}"
    )
    notes = [note for note in map(loss_net_note, sorted(nets)) if note is not None]
    return caption + "".join(f" ({note})" for note in notes)


_NOTED_LABELS = {
    "distance": "distance",
    "input_norm": "input normalisation",
    "geometry": "geometry",
    "predictor_protocol": "predictor protocol",
}


def _noted_settings(records: list[dict]) -> str:
    """ " · distance: mse · input normalisation: none" for the settings of `NOTED_KEYS` that some
    record has other than the default (its network's own, the paper's geometry), else ""."""
    parts = []
    for key in NOTED_KEYS:
        if any(not is_default(key, r) for r in records):
            values = [r.get(key) for r in records if r.get(key) is not None]
            parts.append(f" · {_NOTED_LABELS[key]}: {_listed(values)}")
    return "".join(parts)


def thread_caption(autoencoders: Iterable[dict]) -> str:
    """ " · torch threads: 1, 8, unknown" when the fits of a section ran with different CPU
    thread counts (``torch_threads``; None or absent: not recorded), else ""."""
    counts = {r.get("torch_threads") for r in autoencoders}
    if len(counts) < 2:
        return ""
    known = sorted(int(c) for c in counts if c is not None)
    shown = [str(c) for c in known] + (["unknown"] if None in counts else [])
    return f" · torch threads: {', '.join(shown)}"


def run_label(record: dict) -> str:
    """ "seed 0" or "seed 0 rep 1": which run of a grid cell a row is."""
    label = f"seed {record.get('seed')}"
    return label + (f" rep {record['repeat']}" if record.get("repeat") else "")
