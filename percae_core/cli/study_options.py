"""`--study`, `--plan` and `--json` for `percae bench`: which preset, and printing the plan only."""

from __future__ import annotations

from typing import Any

import typer

from percae_core.studies import DEFAULT_STUDY


def study_option() -> Any:
    return typer.Option(
        DEFAULT_STUDY,
        "--study",
        help="The study preset: datasets, variants, loss networks, latent sizes, epochs, batch "
        "size, predictors and distance of one published experiment (the flags below override "
        "it; the profile scales it: smoke/quick their own size, paper the study's numbers).",
    )


def plan_option() -> Any:
    return typer.Option(
        False,
        "--plan",
        help="Only print the cells this command would run and its ETA; compute and write "
        "nothing (it says what is missing).",
    )


def json_option() -> Any:
    return typer.Option(
        False, "--json", help="With --plan: print the plan as JSON on stdout (docs/plan-json.md)."
    )
