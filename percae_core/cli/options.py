"""Options shared by several commands, with one rule each, checked while the flags are parsed.

Every float option refuses nan and inf (a non-finite number would otherwise be stored with the
study or only fail after training has started), and every ``--seed`` is a whole number of 0 or
more and below 2^63 (what SQLite and numpy store), the same for `bench`, `train` and `data
prepare`. Every other whole number a user types has an upper bound here too, so an absurd value
is a usage error at parse time rather than an overflow or an exhausted memory later.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import typer

from percae_core.errors import UsageError

MAX_SEED = 2**63 - 1
MAX_REPEATS = 1000
MAX_BATCH_SIZE = 65536
MAX_THREADS = 4096
MAX_FIG6_IMAGES = 16


def finite(value: float | None) -> float | None:
    """Typer callback: refuse nan and +-inf at parse time (exit 2, no traceback)."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a finite number; give an ordinary number.")
    return value


def finite_option(default: float | None, *names: str, help: str, **kwargs: Any) -> Any:
    """A float option that refuses nan and inf."""
    return typer.Option(default, *names, help=help, callback=finite, **kwargs)


def seed_option(help: str) -> Any:
    """The ``--seed`` option: a whole number from 0 to 2^63 - 1."""
    return typer.Option(0, "--seed", min=0, max=MAX_SEED, help=help)


def batch_size_option(help: str) -> Any:
    """``--batch-size``: 1 to `MAX_BATCH_SIZE`, or the default (None)."""
    return typer.Option(None, "--batch-size", min=1, max=MAX_BATCH_SIZE, help=help)


def setting_option() -> Any:
    """``--setting``: the sections of `percae results` that `figures` and `report` keep."""
    return typer.Option(
        None,
        "--setting",
        help="Only this setting (a section of `percae results`): its figures' file-name form "
        "(e.g. alexnet_quick_gamma-1e-05), its table heading, or a loss network, a profile or "
        "a value (e.g. 'precision bf16') for every setting with it; repeatable.",
        metavar="NAME",
    )


def fig6_images_option() -> Any:
    """``--images``: how many test images the Fig. 6 grid shows (`figures` and `report`)."""
    return typer.Option(
        4,
        "--images",
        "-n",
        min=1,
        max=MAX_FIG6_IMAGES,
        help=f"Test images in the Fig. 6 grid (1 to {MAX_FIG6_IMAGES}).",
    )


def fig6_seed_option() -> Any:
    """``--seed`` of `figures` and `report`: which test images Fig. 6 shows."""
    return seed_option("Seed that picks the Fig. 6 test images.")


def force_option() -> Any:
    """``--force``: replace a read-only output file too (never the home's own files)."""
    return typer.Option(
        False,
        "--force",
        help="Replace a read-only output file too (the home's own files are never replaced).",
    )


def _checked(kind: str, name: str, registered: list[str], found: Iterable[str]) -> str:
    """``name`` if it is ``registered`` or ``found`` in the results, else a `UsageError`."""
    known = registered + sorted(set(found) - set(registered) - {""})
    if name not in known:
        raise UsageError(f"Unknown {kind} {name!r}.", hint=f"Choose from: {', '.join(known)}.")
    return name


def dataset_filter(names: list[str] | None, found: Iterable[str] = ()) -> list[str] | None:
    """``--dataset`` of every command that reads results: each name normalised and checked
    against the dataset registry (and names ``found`` in the database); an unknown one is bad
    usage (exit 2) whether or not there are results. None when no name was given."""
    from percae_core.data.catalog import list_datasets

    chosen = [name.strip().lower() for name in names or []]
    found = list(found)
    return [_checked("dataset", name, list_datasets(), found) for name in chosen] or None


def profile_filter(name: str | None, found: Iterable[str] = ()) -> str | None:
    """``--profile`` of the commands that read results, checked like `dataset_filter`."""
    from percae_core.profiles import list_profiles

    if name is None:
        return None
    return _checked("profile", name.strip().lower(), list_profiles(), found)


def loss_net_filter(name: str | None, found: Iterable[str] = ()) -> str | None:
    """``--loss-net`` of the commands that read results, checked like `dataset_filter`
    (``alexnet:relu2`` is ``alexnet``)."""
    from percae_core.models.loss_network_registry import get_loss_network_spec

    if name is None:
        return None
    chosen = name.strip().lower()
    if chosen in set(found):
        return chosen
    return get_loss_network_spec(chosen).name
