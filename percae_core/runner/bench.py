"""`percae bench` without the printing: plan a study, check its inputs, run it cell by cell.

`prepare_plan` does every check that can fail fast (flags, datasets, pretrained weights, device)
before any compute; `run_plan` runs the cells, skipping finished ones, and stops cleanly on
Ctrl-C after marking the running cell as interrupted (its last epoch is checkpointed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import torch

from percae_core.errors import Interrupted, PercaeError
from percae_core.events import (
    EventSink,
    Notice,
    TaskAdvanced,
    TaskFinished,
    TaskStarted,
    ignore_events,
)
from percae_core.models.loss_networks import choose_loss_network
from percae_core.models.variants import perceptual_variants
from percae_core.paths import Home
from percae_core.profiles import get_profile
from percae_core.results.db import ResultsDB
from percae_core.runner.cell_run import CellContext, run_cell
from percae_core.runner.eta import estimate_seconds
from percae_core.runner.plan import BenchRequest, Cell, Plan, build_cells, requested_datasets
from percae_core.runner.references import ensure_references
from percae_core.training.device import resolve_device


@dataclass
class BenchOutcome:
    plan: Plan
    ran: int = 0
    reused: int = 0
    warnings: list[str] = field(default_factory=list)
    experiment_id: int | None = None


def prepare_plan(request: BenchRequest, home: Home, on_event: EventSink = ignore_events) -> Plan:
    """Validate the request and decide what will run; raises before any training."""
    profile = get_profile(request.profile)
    specs = requested_datasets(request)
    skipped: dict[str, str] = {}
    runnable = []
    for spec in specs:
        if spec.prepares_itself or spec.is_ready(home, profile.scale(spec.name)):
            runnable.append(spec)
        else:
            skipped[spec.name] = spec.how_to_get
    wants_perceptual = any(name in perceptual_variants() for name in request.variants)
    loss_net = "none"
    warning = None
    network = None
    if wants_perceptual:
        choice = choose_loss_network(
            request.loss_net,
            pretrained_required=profile.pretrained_required,
            seed=request.seed,
            on_event=on_event,
        )
        loss_net, warning, network = choice.name, choice.warning, choice.network
    plan = Plan(
        request=request,
        profile=profile,
        loss_net=loss_net,
        cells=build_cells(request, profile, loss_net, [s.name for s in runnable]),
        datasets=runnable,
        skipped=skipped,
        loss_warning=warning,
        loss_network=network,
        device=resolve_device(request.device),
    )
    return plan


def plan_eta(plan: Plan, db: ResultsDB) -> float:
    device = plan.device.type
    return estimate_seconds(plan.cells, plan.profile, device, db.measured_rates(device))


def run_plan(
    plan: Plan,
    home: Home,
    *,
    on_event: EventSink = ignore_events,
    should_stop: Callable[[], bool] | None = None,
    experiment_id: int | None = None,
) -> BenchOutcome:
    """Run every unfinished cell of ``plan``, writing each result to the database as it is made."""
    home.ensure()
    device: torch.device = plan.device
    outcome = BenchOutcome(plan=plan)
    with ResultsDB.open(home.database) as db:
        if experiment_id is None:
            experiment_id = db.create_experiment(plan.request.to_dict())
        outcome.experiment_id = experiment_id
        loss_network = None if plan.loss_network is None else plan.loss_network.to(device)
        on_event(TaskStarted("bench", "study", total=len(plan.cells), unit="cells"))
        for spec in plan.datasets:
            cells = [c for c in plan.cells if c.dataset == spec.name]
            ids = {
                c.config_hash: db.upsert_cell(experiment_id, _cell_row(c, device)) for c in cells
            }
            todo = [c for c in cells if (db.get_cell(c.config_hash) or {}).get("status") != "done"]
            outcome.reused += len(cells) - len(todo)
            if len(cells) > len(todo):
                on_event(TaskAdvanced("bench", len(cells) - len(todo)))
                on_event(
                    Notice("info", f"{spec.title}: {len(cells) - len(todo)} finished cells reused")
                )
            if not todo:
                continue
            scale = replace(plan.profile.scale(spec.name), onscreen=plan.request.onscreen)
            parts = spec.load_parts(home, scale, on_event)
            trivial = ensure_references(
                db,
                parts,
                plan.profile,
                seed=plan.request.seed,
                pixel_dim=max(c.z for c in cells),
                device=device,
                on_event=on_event,
            )
            ctx = CellContext(
                db=db,
                profile=plan.profile,
                runs=home.runs,
                device=device,
                loss_network=loss_network,
                trivial={spec.name: trivial},
                on_event=on_event,
                should_stop=should_stop,
            )
            for cell in todo:
                cell_id = ids[cell.config_hash]
                db.set_cell_status(cell_id, "running")
                try:
                    outcome.warnings += run_cell(cell, cell_id, parts, ctx)
                except KeyboardInterrupt:
                    db.set_cell_status(cell_id, "interrupted", "stopped by the user (Ctrl-C)")
                    raise Interrupted(
                        f"Stopped during {cell.label}; {outcome.ran} cells finished in this run "
                        "and every result so far is in the database.",
                        hint="Run the same command again: finished cells are skipped and the "
                        "interrupted autoencoder resumes from its last checkpointed epoch.",
                    ) from None
                except Interrupted as exc:
                    db.set_cell_status(cell_id, "interrupted", exc.message)
                    raise
                except PercaeError as exc:
                    db.set_cell_status(cell_id, "failed", str(exc))
                    raise
                except Exception as exc:
                    db.set_cell_status(cell_id, "failed", f"{type(exc).__name__}: {exc}")
                    raise
                if should_stop is not None and should_stop():
                    db.set_cell_status(cell_id, "interrupted", "paused by the user")
                    raise Interrupted(
                        f"Paused during {cell.label}.", hint="Start it again to resume."
                    )
                db.set_cell_status(cell_id, "done")
                outcome.ran += 1
                on_event(TaskAdvanced("bench", 1))
        on_event(TaskFinished("bench"))
    return outcome


def _cell_row(cell: Cell, device: torch.device) -> dict:
    return {
        "config_hash": cell.config_hash,
        "dataset": cell.dataset,
        "variant": cell.variant.name,
        "z": cell.z,
        "loss_net": cell.loss_net if cell.variant.perceptual else None,
        "profile": cell.profile,
        "seed": cell.seed,
        "repeat": cell.repeat,
        "gamma": cell.gamma if cell.variant.variational else None,
        "device": str(device),
        "config": cell.config(),
    }
