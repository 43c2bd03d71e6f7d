"""`percae bench --plan [--json]`: print the cells a command would run, with its ETA.

The table goes to stderr like the plan `percae bench` shows before it runs, followed by one line
per cell (or, beyond `CELL_LINES`, a grid summary); with ``--json`` only a JSON object goes to
stdout (the shape is in docs/plan-json.md), so ``| jq`` works.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from rich.markup import escape
from rich.table import Table

from percae_core.cli.console import err
from percae_core.quantities import duration
from percae_core.runner.plan import Cell
from percae_core.runner.plan_preview import PlanPreview

CELL_LINES = 40
"""Up to this many cells are listed one line each; more are summarised per dataset."""
PLAN_JSON_FORMAT = 1


def _cell_json(preview: PlanPreview, cell: Cell) -> dict[str, Any]:
    return {
        "dataset": cell.dataset,
        "variant": cell.variant.name,
        "z": cell.z,
        "loss_net": cell.loss_net if cell.variant.perceptual else None,
        "repeat": cell.repeat,
        "seed": cell.seed,
        "config_hash": cell.config_hash,
        "label": cell.label,
        "epochs": cell.epochs,
        "batch_size": cell.batch_size,
        "precision": cell.precision,
        "predictor_protocol": cell.predictor_protocol,
        "ready": preview.ready(cell),
    }


def plan_json(preview: PlanPreview) -> dict[str, Any]:
    """The plan as the JSON object `--plan --json` prints (docs/plan-json.md)."""
    request = preview.request
    return {
        "format": PLAN_JSON_FORMAT,
        "study": preview.study.name,
        "profile": preview.profile.name,
        "device": preview.device,
        "eta_seconds": round(preview.eta.seconds, 1),
        "eta_learnt": preview.eta.learnt,
        "predictor_protocol": preview.study.predictor_protocol,
        "distance": request.distance,
        "input_norm": request.input_norm,
        "geometry": request.geometry,
        "missing": [{"kind": m.kind, "name": m.name, "how": m.how} for m in preview.missing],
        "cells": [_cell_json(preview, cell) for cell in preview.cells],
    }


def print_plan_json(preview: PlanPreview) -> None:
    """The JSON object alone on stdout (no rich markup or wrapping)."""
    print(json.dumps(plan_json(preview), indent=2))


def show_plan_preview(preview: PlanPreview) -> None:
    """The plan table, the cells and what is missing, on stderr."""
    cells = preview.cells
    table = Table(title="Study plan (nothing is computed)", show_header=False, title_justify="left")
    table.add_row("study", f"{preview.study.name} ({preview.study.citation})")
    table.add_row("profile", f"{preview.profile.name} ({preview.profile.description})")
    table.add_row("datasets", ", ".join(dict.fromkeys(c.dataset for c in cells)) or "none")
    table.add_row("cells", f"{len(cells)} (dataset x z x variant x loss network x repeat)")
    if cells:
        table.add_row("epochs / batch", f"{cells[0].epochs} / {cells[0].batch_size}")
        table.add_row("precision", cells[0].precision)
    table.add_row("predictors", preview.study.predictor_protocol)
    table.add_row("device", preview.device)
    table.add_row("ETA", preview.eta.text(duration(preview.eta.seconds)))
    err.print(table)
    if len(cells) <= CELL_LINES:
        for cell in cells:
            mark = "" if preview.ready(cell) else "  (missing inputs)"
            err.print(f"  {cell.config_hash}  {escape(cell.label)}{mark}", highlight=False)
    else:
        _show_grid_summary(cells)
    _show_missing(preview)


def _show_grid_summary(cells: tuple[Cell, ...]) -> None:
    per_dataset = Counter(cell.dataset for cell in cells)
    for dataset, count in per_dataset.items():
        own = [c for c in cells if c.dataset == dataset]
        nets = {c.loss_net for c in own if c.variant.perceptual}
        variants = ", ".join(dict.fromkeys(c.variant.title for c in own))
        sizes = ", ".join(str(z) for z in dict.fromkeys(c.z for c in own))
        err.print(
            f"  {dataset}: {count} cells: z {sizes}; {variants}; {len(nets)} loss networks; "
            f"{len({c.repeat for c in own})} repeat(s)",
            highlight=False,
        )
    err.print("  (every cell with its hash: --plan --json)", highlight=False)


def _show_missing(preview: PlanPreview) -> None:
    datasets = [m for m in preview.missing if m.kind == "dataset"]
    weights = [m for m in preview.missing if m.kind == "weights"]
    for item in datasets:
        err.print(f"[yellow]missing dataset {item.name}:[/] {escape(item.how)}")
    by_fix: dict[str, list[str]] = {}
    for item in weights:
        by_fix.setdefault(item.how, []).append(item.name)
    for how, names in by_fix.items():
        err.print(f"[yellow]missing weights for {escape(', '.join(names))}:[/] {escape(how)}")
