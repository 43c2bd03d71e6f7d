"""A table section holds one setting: everything in a cell's identity but the seed, repeat and z.

Two runs that differ in gamma, epochs, batch size, the off-screen rule, the training precision,
the loss network, its feature distance or input normalisation, the dataset geometry or the
profile measure different things, so their numbers are never averaged:
each setting gets its own section, titled by what differs between the sections of a report.

A record leaves ``loss_net``, ``distance`` and ``input_norm`` None when its variant has no loss
network and ``gamma`` None when it is not variational; such a record belongs to every section that agrees with it on the rest
(the AE of a study run with two gammas appears, once, in both sections), and records that leave
different keys None share one section (a study's VAE and P. AE, with or without its P. VAE).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from percae_core.data.geometry import PAPER_GEOMETRY
from percae_core.evaluation.predictor_protocols import DEFAULT_PROTOCOL
from percae_core.models.loss_settings import effective

#: The keys of a setting, in the order they are shown.
SETTING_KEYS = (
    "loss_net",
    "profile",
    "gamma",
    "epochs",
    "batch_size",
    "onscreen",
    "precision",
    "distance",
    "input_norm",
    "geometry",
    "predictor_protocol",
)
#: Keys a record may leave None because they do not apply to its variant.
OPTIONAL_KEYS = ("loss_net", "gamma", "distance", "input_norm")
#: Keys added with the 2023 study's settings: every title names them where they are not the
#: default (the loss network's own distance and normalisation, the paper's geometry).
NOTED_KEYS = ("distance", "input_norm", "geometry", "predictor_protocol")

Setting = tuple[tuple[str, object], ...]


def setting_of(record: dict) -> Setting:
    return tuple((key, record.get(key)) for key in SETTING_KEYS)


def belongs(record: dict, setting: Setting) -> bool:
    """True when ``record`` was produced under ``setting`` (None in an optional key matches)."""
    for key, wanted in setting:
        value = record.get(key)
        if key in OPTIONAL_KEYS and value is None:
            continue
        if value != wanted:
            return False
    return True


def _covers(wider: Setting, narrower: Setting) -> bool:
    return wider != narrower and belongs(dict(narrower), wider)


def _join(one: Setting, other: Setting) -> Setting | None:
    """The setting both belong to (each optional key None in one takes the other's value), or
    None when they disagree on a key: a VAE (γ, no loss network) and a P. AE (loss network, no
    γ) of one study join to the setting of its P. VAE, which the study may not have run."""
    joined = []
    for (key, mine), (_, theirs) in zip(one, other):
        if mine != theirs and not (key in OPTIONAL_KEYS and None in (mine, theirs)):
            return None
        joined.append((key, theirs if mine is None else mine))
    return tuple(joined)


def _joined(present: list[Setting]) -> list[Setting]:
    """``present`` and every join of two of them, until no join adds a setting."""
    settings = list(present)
    grown = True
    while grown:
        joins = [_join(a, b) for i, a in enumerate(settings) for b in settings[i + 1 :]]
        new = [j for j in dict.fromkeys(joins) if j is not None and j not in settings]
        settings.extend(new)
        grown = bool(new)
    return settings


def section_settings(records: Iterable[dict]) -> list[Setting]:
    """One setting per section: the distinct settings of ``records`` and their joins, less those
    another one covers (so every record that can share a table with another does)."""
    present = _joined(list(dict.fromkeys(setting_of(record) for record in records)))
    kept = [s for s in present if not any(_covers(other, s) for other in present)]
    return sorted(kept, key=_order)


def _order(setting: Setting) -> tuple:
    """Numbers by value (γ = 1e-05 before γ = 0.01), text alphabetically, None last."""
    return tuple(
        (value is None, value if isinstance(value, (int, float)) else 0, str(value))
        for _, value in setting
    )


def differing_keys(settings: Sequence[Setting]) -> list[str]:
    """The keys whose values are not the same in every one of ``settings``."""
    return [
        key
        for index, key in enumerate(SETTING_KEYS)
        if len({setting[index][1] for setting in settings}) > 1
    ]


def value_text(key: str, value: object) -> str:
    """``γ = 1e-05``, ``50 epochs``, ``batch size 512``, ``precision bf16`` and the like."""
    if key == "gamma":
        if value is None:
            return "γ not used (no VAE)"
        return f"γ = {float(value):g}" if isinstance(value, int | float | str) else f"γ = {value}"
    if key == "epochs":
        return f"{value} epochs" if value is not None else "epochs not recorded"
    if key == "batch_size":
        return f"batch size {value}" if value is not None else "batch size not recorded"
    if key == "onscreen":
        return f"off-screen rule {value}"
    if key == "precision":
        return f"precision {value}" if value is not None else "precision not recorded"
    if key == "loss_net":
        return f"loss network {value or 'none'}"
    if key == "distance":
        return f"distance {value}" if value is not None else "no feature distance"
    if key == "input_norm":
        return f"input normalisation {value}" if value is not None else "no input normalisation"
    if key == "geometry":
        return f"geometry {value or PAPER_GEOMETRY}"
    if key == "predictor_protocol":
        return f"predictors {value or DEFAULT_PROTOCOL}"
    return f"{key} {value}"


def is_default(key: str, values: dict) -> bool:
    """True for a `NOTED_KEYS` value that is the default for ``values``' loss network: its own
    distance or normalisation (or none applies), the paper's geometry."""
    if key not in NOTED_KEYS:
        return False
    if key == "geometry":
        return values.get(key) in (None, PAPER_GEOMETRY)
    if key == "predictor_protocol":
        return values.get(key) in (None, DEFAULT_PROTOCOL)
    own = dict(zip(("distance", "input_norm"), effective(values.get("loss_net"), None, None)))
    return values.get(key) is None or values.get(key) == own[key]


def shown_keys(settings: Sequence[Setting]) -> list[str]:
    """The keys a report's section titles name: those that differ between its sections, and the
    `NOTED_KEYS` some section has other than the default (in `SETTING_KEYS` order)."""
    differing = set(differing_keys(settings))
    noted = {key for s in settings for key in NOTED_KEYS if not is_default(key, dict(s))}
    return [key for key in SETTING_KEYS if key in differing | noted]


def difference_title(setting: Setting, keys: Sequence[str]) -> str:
    """What sets ``setting`` apart among a report's sections, e.g. ``γ = 1e-05``."""
    values = dict(setting)
    return ", ".join(value_text(key, values[key]) for key in keys)
