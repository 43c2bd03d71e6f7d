"""What every figure says about itself: the setting it shows (loss network, profile,
precision, device), the same facts the tables' captions give, and the variants' colours.

A *setting* is one section of the results (`percae_core.results.table_data.Section`): the loss
network and profile of a study; pixel-wise cells stored without a loss network join every
setting of their profile, as in the tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from percae_core.models.variants import VARIANTS
from percae_core.results.table_data import caption_for

_FALLBACK_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")


@dataclass(frozen=True)
class Setting:
    """One (loss network, profile) pair of the results."""

    loss_net: str | None
    profile: str | None

    @property
    def slug(self) -> str:
        """A file-name-safe name: ``alexnet-random_smoke``."""
        return f"{self.loss_net or 'pixel'}_{self.profile or 'unknown'}"

    @property
    def text(self) -> str:
        return f"loss network {self.loss_net or 'none'}, profile {self.profile or 'unknown'}"

    def matches(self, wanted: str) -> bool:
        """``--setting`` accepts the slug, ``NET/PROFILE``, the loss network or the profile."""
        wanted = wanted.strip().lower()
        names = {
            self.slug.lower(),
            f"{self.loss_net}/{self.profile}".lower(),
            str(self.loss_net).lower(),
            str(self.profile).lower(),
        }
        return wanted in names

    def includes(self, record: dict) -> bool:
        """Whether a record (cell, fit or result) belongs to this setting."""
        return record.get("profile") == self.profile and record.get("loss_net") in (
            None,
            self.loss_net,
        )


def precision_of(records: Iterable[dict]) -> str:
    """The numeric precision the records were trained with, as stored with them.

    Looked up in the record, its cell config and its fit's versions; "not recorded" for runs
    made before percae stored it (they used fp32, or bf16 autocast where the device has it).
    """
    found: set[str] = set()
    for record in records:
        for source in (record, record.get("config") or {}, record.get("versions") or {}):
            value = source.get("precision") if isinstance(source, dict) else None
            if value:
                found.add(str(value))
    return ", ".join(sorted(found)) if found else "not recorded"


def figure_caption(records: list[dict], setting: Setting) -> str:
    """ "Loss network: … · profile: … · device: … · precision: … · setting: …" """
    return f"{caption_for(records)} · precision: {precision_of(records)} · setting: {setting.slug}"


def variant_colour(name: str) -> str:
    """The variant's colour from the registry, or a fixed one by its place in it."""
    variant = VARIANTS.get(name)
    colour = getattr(variant, "colour", None)
    if colour:
        return str(colour)
    names = list(VARIANTS)
    place = names.index(name) if name in names else len(names)
    return _FALLBACK_COLOURS[place % len(_FALLBACK_COLOURS)]


def variant_names(present: Iterable[str]) -> list[str]:
    """The variants present, in the registry's order (unknown names last, sorted)."""
    present = set(present)
    return [v for v in VARIANTS if v in present] + sorted(present - set(VARIANTS))


def title_block(title: str, caption: str, width_inches: float, font_size: float = 9.0) -> str:
    """Title and caption wrapped to the figure's width (matplotlib does not wrap suptitles)."""
    import textwrap

    columns = max(40, int(width_inches * 72 / (font_size * 0.55)))
    return "\n".join([*textwrap.wrap(title, columns), *textwrap.wrap(caption, columns)])
