"""`percae data ...`: prepare, import and list datasets."""

from __future__ import annotations

from enum import Enum
from typing import Any

import typer

from percae_core.cli.console import out
from percae_core.cli.context import STATE
from percae_core.cli.options import seed_option
from percae_core.cli.progress import RichProgress
from percae_core.errors import UsageError
from percae_core.paths import Home
from percae_core.quantities import byte_size

app = typer.Typer(help="Prepare, import and list datasets.", no_args_is_help=True)


class OnEnd(str, Enum):
    continue_ = "continue"
    reset = "reset"


class OnScreen(str, Enum):
    paper = "paper"
    exact = "exact"


def _print_parts(prepared: Any, onscreen: str) -> None:
    from percae_core.data.lunarlander import offscreen_removed, part_rows

    cache = prepared.cache
    rows = part_rows(cache, onscreen)
    rollout = cache["rollout"]
    removed, second_half = offscreen_removed(cache, rows)
    out.print(
        f"Table I parts (--onscreen {onscreen}, split by rollout, seed {prepared.params.seed}):"
    )
    for name, picked in rows.items():
        rollouts = len(set(rollout[picked].tolist())) if len(picked) else 0
        out.print(f"  {name:<10} {len(picked):>9,} frames from {rollouts:,} rollouts")
    share = removed / second_half if second_half else 0.0
    out.print(
        f"  off-screen frames removed from the second half: {removed:,} of {second_half:,} "
        f"({share:.1%})"
    )


@app.command()
def prepare(
    dataset: str = typer.Argument(..., help="The dataset to build: lunarlander."),
    rollouts: int = typer.Option(1400, "--rollouts", help="Number of rollouts (episodes)."),
    steps: int = typer.Option(150, "--steps", help="Frames per rollout."),
    workers: int | None = typer.Option(
        None,
        "--workers",
        help="Rendering processes. Default: the number of CPUs.",
        show_default=False,
    ),
    seed: int = seed_option("Seed of the environments, policy and splits."),
    on_end: OnEnd = typer.Option(
        OnEnd.continue_,
        "--on-end",
        help="When an episode ends early: keep stepping the resting lander (continue) or start "
        "a fresh episode (reset).",
    ),
    onscreen: OnScreen = typer.Option(
        OnScreen.paper,
        "--onscreen",
        help="Which frames the predictor and test parts keep: the paper's box (-1<=x<=1, "
        "-0.5<=y<=1.5) or the exact rendered screen.",
    ),
    force: bool = typer.Option(False, "--force", help="Rebuild even if already prepared."),
) -> None:
    """Render the LunarLander collection (Table I) into the home's dataset cache."""
    from percae_core.data.registry import get_dataset

    spec = get_dataset(dataset)
    if not spec.prepares_itself:
        raise UsageError(
            f"{spec.title} is imported from its downloaded files, not prepared.",
            hint=spec.how_to_get,
        )
    from percae_core.data.lunarlander_prepare import (
        CollectionParams,
        prepare_collection,
        validate,
    )

    params = CollectionParams(rollouts=rollouts, steps=steps, seed=seed, on_end=on_end.value)
    validate(params, onscreen.value)
    home = STATE.home
    with RichProgress() as progress:
        prepared = prepare_collection(home, params, workers=workers, force=force, on_event=progress)
    size = byte_size(prepared.cache.size_bytes)
    if prepared.reused:
        out.print(
            f"Already prepared: {params.frames:,} frames ({size}) at {prepared.cache.path}",
            soft_wrap=True,
            markup=False,
        )
    else:
        out.print(
            f"Prepared {params.frames:,} frames ({size}) in {prepared.seconds:.1f} s "
            f"({prepared.frames_per_s:,.0f} frames/s) at {prepared.cache.path}",
            soft_wrap=True,
            markup=False,
        )
    _print_parts(prepared, onscreen.value)


def _describe(entry: dict[str, Any], unit: str) -> str:
    if "problem" in entry:
        repair = entry.get("repair", "")
        repair = f"\n    To repair: {repair}" if repair else ""
        return f"  {entry['key']}: DAMAGED ({entry['problem']})\n    {entry['path']}{repair}"
    parameters = " ".join(f"{name}={value}" for name, value in entry["parameters"].items())
    return (
        f"  {entry['key']}: {entry['frames']:,} {unit}, {byte_size(entry['bytes'])}, {parameters}\n"
        f"    {entry['path']}"
    )


def _unreadable_imports(home: Home) -> int:
    """List the home's dataset folders that are no readable import; returns how many."""
    from percae_core.data.catalog import builtin_names
    from percae_core.data.home_datasets import DESCRIPTION_FILE, unreadable_folders

    folders = unreadable_folders(home.root, builtin_names())
    for folder in folders:
        out.print(
            f"{folder.name}: DAMAGED (its {DESCRIPTION_FILE} is missing or unreadable, so it is "
            f"no dataset)\n    {folder}\n    To repair: delete that folder and import the "
            "images again (`percae data import images PATH --name NAME`).",
            soft_wrap=True,
            markup=False,
        )
    return len(folders)


@app.command()
def status(
    verify: bool = typer.Option(
        False,
        "--verify",
        help="Also check every file's SHA-256 checksum (reads all the data; sizes, shapes and "
        "types are always checked).",
    ),
) -> None:
    """List every dataset: what is prepared or imported, and how to get what is not.

    A damaged cache is listed as damaged, with the command that repairs it, and the exit code
    is 1.
    """
    from percae_core.data.registry import datasets

    home = STATE.home
    damaged = 0
    out.print(f"Home: {home.root}", soft_wrap=True, markup=False)
    for spec in datasets().values():
        entries = spec.status(home, verify=verify)
        if not entries:
            out.print(
                f"{spec.title} ({spec.name}): not prepared. {spec.how_to_get}",
                soft_wrap=True,
                markup=False,
            )
            continue
        bad = sum("problem" in entry for entry in entries)
        out.print(
            f"{spec.title} ({spec.name}): {len(entries)} prepared"
            + (f", {bad} DAMAGED" if bad else ""),
            soft_wrap=True,
            markup=False,
        )
        damaged += bad
        unit = "frames" if spec.prepares_itself else "images"  # rendered rollouts vs photos
        for entry in entries:
            out.print(_describe(entry, unit), soft_wrap=True, markup=False)
    damaged += _unreadable_imports(home)
    if damaged:
        raise typer.Exit(1)
