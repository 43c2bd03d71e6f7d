"""What every figure says about itself: the setting it shows (the results tables' section:
loss network, profile, γ, epochs, batch size, off-screen rule, precision), the same facts the
tables' captions give, and the variants' colours.

A figure `Setting` is one `percae_core.results.table_data.Section`: the figures are grouped as
the tables are (`percae_core.results.settings`), so two runs that differ in anything but seed,
repeat and z never share a figure. Records that leave the loss network or γ unset (variants
that use neither) join every setting that agrees with them on the rest, as in the tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from percae_core.models.variants import VARIANTS
from percae_core.results.settings import belongs, value_text
from percae_core.results.table_data import Section, caption_for

_FALLBACK_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
#: How a differing setting value reads in a file name.
_SLUG_FORMS = {
    "gamma": lambda value: "gamma-none" if value is None else f"gamma-{float(value):g}",
    "epochs": lambda value: f"{value}-epochs",
    "batch_size": lambda value: f"batch-{value}",
    "onscreen": lambda value: f"onscreen-{value}",
    "precision": lambda value: str(value or "precision-unrecorded"),
}


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.+-]+", "-", text).strip("-") or "none"


def normal(text: str) -> str:
    """Case and spacing do not matter when a user names a setting."""
    return " ".join(str(text).split()).casefold()


@dataclass(frozen=True)
class Setting:
    """One section of the results tables: its setting values (`results.settings.SETTING_KEYS`
    order), its heading, and what sets it apart from the study's other sections."""

    values: tuple[tuple[str, object], ...]
    heading: str
    difference: str = ""
    difference_keys: tuple[str, ...] = ()

    @classmethod
    def of(cls, section: Section) -> Setting:
        return cls(
            tuple(section.setting.items()),
            section.heading,
            section.difference,
            section.difference_keys,
        )

    @property
    def loss_net(self) -> str | None:
        value = dict(self.values).get("loss_net")
        return None if value is None else str(value)

    @property
    def profile(self) -> str | None:
        value = dict(self.values).get("profile")
        return None if value is None else str(value)

    @property
    def slug(self) -> str:
        """A file-name-safe name: ``alexnet-random_smoke``, plus what differs from the study's
        other settings (``alexnet-random_smoke_gamma-1e-05``, ``…_bf16``)."""
        values = dict(self.values)
        parts = [self.loss_net or "pixel", self.profile or "unknown"]
        parts += [
            _SLUG_FORMS.get(key, lambda v, k=key: f"{k}-{v}")(values.get(key))
            for key in self.difference_keys
        ]
        return "_".join(_safe(part) for part in parts)

    def titled(self, title: str) -> str:
        """A figure's title followed by what sets this setting apart (as the tables' headings)."""
        return f"{title} — {self.difference}" if self.difference else title

    @property
    def names(self) -> set[str]:
        """What names exactly this setting for ``--setting``: its file-name form or heading."""
        return {normal(self.slug), normal(self.heading)}

    @property
    def legacy_names(self) -> set[str]:
        """``NET_PROFILE`` and ``NET/PROFILE``, which named a setting before γ, epochs, batch
        size, the off-screen rule and precision were part of it."""
        return {
            normal(f"{self.loss_net or 'pixel'}_{self.profile}"),
            normal(f"{self.loss_net}/{self.profile}"),
        }

    @property
    def terms(self) -> set[str]:
        """Single facts that select every setting having them: the loss network, the profile,
        one value as the tables write it (``precision bf16``, ``γ = 1e-05``) or the difference."""
        facts = {str(self.loss_net), str(self.profile), self.difference}
        facts |= {value_text(key, value) for key, value in self.values}
        return {normal(fact) for fact in facts if fact}

    def includes(self, record: dict) -> bool:
        """Whether a record (a fit or a result) was produced under this setting."""
        return belongs(record, self.values)


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
    """The tables' caption of the records shown ("Loss network: … · profile: … · γ: … ·
    epochs: … · batch size: … · precision: … · device: …") and the setting's file-name form."""
    return f"{caption_for(records)} · setting: {setting.slug}"


def figure_badge(records: Iterable[dict]) -> str:
    """A short tag for the figure's title: "random loss network" when a record's loss network
    is not pretrained (its registry entry), else ""."""
    from percae_core.models.loss_network_registry import LOSS_NETWORKS

    nets = {str(r["loss_net"]) for r in records if r.get("loss_net")}
    random = [n for n in nets if n in LOSS_NETWORKS and not LOSS_NETWORKS[n].pretrained]
    return "random loss network" if random else ""


def label_figure(figure: Any, title: str, badge: str, footnote: str, width_inches: float) -> None:
    """The figure's one title line (with its badge in brackets) on top and its settings as a
    small footnote under the axes, instead of a many-line subtitle."""
    heading = f"{title}  [{badge}]" if badge else title
    figure.suptitle(title_block(heading, "", width_inches, 10.0), fontsize=10)
    figure.supxlabel(title_block(footnote, "", width_inches, 7.0), fontsize=7, color="#444444")


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
    lines = [
        line
        for text in (title, caption)
        for line in textwrap.wrap(text, columns, break_on_hyphens=False, break_long_words=False)
    ]
    return "\n".join(lines)
