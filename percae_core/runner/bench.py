"""`percae bench` without the printing: plan a study, check its inputs, run it cell by cell.

`prepare_plan` does every check that can fail fast (flags, datasets, pretrained weights, device)
before any compute; `run_plan` runs the cells, skipping finished ones, and stops cleanly on
Ctrl-C after marking the running cell as interrupted (its last epoch is checkpointed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import torch

from percae_core.data.geometry import PAPER_GEOMETRY
from percae_core.data.part_sizes import check_part_sizes
from percae_core.data.registry import DatasetSpec
from percae_core.events import (
    STUDY_TASK,
    EventSink,
    Notice,
    StageStarted,
    TaskAdvanced,
    TaskFinished,
    TaskStarted,
    ignore_events,
)
from percae_core.models.input_size import check_input_size
from percae_core.models.loss_networks import LossNetwork, choose_loss_network
from percae_core.models.loss_settings import loss_overrides
from percae_core.models.variants import VARIANTS
from percae_core.paths import Home
from percae_core.profiles import DatasetScale, get_profile
from percae_core.results.db import ResultsDB
from percae_core.runner.cell_context import CellContext
from percae_core.runner.eta import Estimate, estimate
from percae_core.runner.executors import check_executor, make_executor
from percae_core.runner.plan import (
    BenchRequest,
    Cell,
    Plan,
    build_cells,
    requested_datasets,
    requested_loss_nets,
    resolved_request,
)
from percae_core.runner.references import ensure_references
from percae_core.stages import Stage
from percae_core.statuses import CellStatus
from percae_core.studies import get_study
from percae_core.training.device import resolve_device
from percae_core.training.precision import resolve_precision


@dataclass
class BenchOutcome:
    plan: Plan
    ran: int = 0
    reused: int = 0
    warnings: list[str] = field(default_factory=list)
    experiment_id: int | None = None


def prepare_plan(request: BenchRequest, home: Home, on_event: EventSink = ignore_events) -> Plan:
    """Validate the request and decide what will run; raises before any training."""
    request = resolved_request(request)
    profile = get_study(request.study).scaled(get_profile(request.profile))
    specs = requested_datasets(request)
    skipped: dict[str, str] = {}
    check_executor(request.executor)
    runnable = []
    for spec in specs:
        if spec.prepares_itself or spec.is_ready(home, profile.scale(spec.name)):
            runnable.append(spec)
            _check_sizes(spec, home, profile.scale(spec.name))
        else:
            skipped[spec.name] = spec.how_to_get
    wants_perceptual = any(VARIANTS[name].perceptual for name in request.variants)
    chosen: dict[str, LossNetwork] = {}
    warnings: list[str] = []
    if wants_perceptual:
        for name in requested_loss_nets(request):
            choice = choose_loss_network(
                name,
                pretrained_required=profile.pretrained_required,
                seed=request.seed,
                on_event=on_event,
                distance=request.distance,
                input_norm=request.input_norm,
            )
            chosen.setdefault(choice.name, choice.network)
            if choice.warning:
                warnings.append(choice.warning)
            for spec in runnable:
                check_input_size(choice.name, spec.image_size, dataset=spec.title)
    networks = {(name, *loss_overrides(net)): net for name, net in chosen.items()}
    device = resolve_device(request.device)
    precision = resolve_precision(request.precision, device)
    plan = Plan(
        request=request,
        profile=profile,
        loss_net=",".join(chosen) or "none",
        cells=build_cells(
            request, profile, list(chosen) or ["none"], [s.name for s in runnable], precision
        ),
        datasets=runnable,
        skipped=skipped,
        loss_warning=" ".join(warnings) or None,
        loss_networks=networks,
        device=device,
    )
    return plan


def _check_sizes(spec: DatasetSpec, home: Home, scale: DatasetScale) -> None:
    """Imported datasets report their stored parts' sizes; each must be big enough."""
    own = spec.description.in_home  # a user's import: more images, not the official files
    hint = f"Add images to that part. {spec.how_to_get}" if own else None
    for entry in spec.status(home):
        if "images" in entry:
            check_part_sizes(spec.title, entry["images"], scale, hint=hint)


def plan_estimate(plan: Plan, db: ResultsDB) -> Estimate:
    """The plan's ETA, learnt from this machine's finished cells where the database has them."""
    device = plan.device.type
    rates, timings = db.cells.measured_rates(device), db.cells.measured_timings(device)
    return estimate(plan.cells, plan.profile, device, rates, timings)


def plan_eta(plan: Plan, db: ResultsDB) -> float:
    return plan_estimate(plan, db).seconds


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
    executor = make_executor(plan.request.executor)
    executor.start(plan)
    with executor, ResultsDB.open(home.database) as db:
        if experiment_id is None:
            experiment_id = db.cells.create_experiment(plan.request.to_dict())
        outcome.experiment_id = experiment_id
        loss_networks = {name: net.to(device) for name, net in plan.loss_networks.items()}
        on_event(TaskStarted(STUDY_TASK, "study", total=len(plan.cells), unit="cells"))
        for spec in plan.datasets:
            cells = [c for c in plan.cells if c.dataset == spec.name]
            ids = {
                c.config_hash: db.cells.upsert(experiment_id, _cell_row(c, device)) for c in cells
            }
            todo = [
                c
                for c in cells
                if (db.cells.get(c.config_hash) or {}).get("status") != CellStatus.DONE
            ]
            outcome.reused += len(cells) - len(todo)
            if len(cells) > len(todo):
                on_event(TaskAdvanced(STUDY_TASK, len(cells) - len(todo)))
                on_event(
                    Notice("info", f"{spec.title}: {len(cells) - len(todo)} finished cells reused")
                )
            if not todo:
                continue
            scale = replace(
                plan.profile.scale(spec.name),
                onscreen=plan.request.onscreen,
                geometry=plan.request.geometry or PAPER_GEOMETRY,
            )
            on_event(StageStarted(Stage.DATA, spec.title))
            parts = spec.load_parts(home, scale, on_event)
            trivial = ensure_references(
                db.references,
                parts,
                plan.profile,
                seed=plan.request.seed,
                pixel_dim=max(c.z for c in cells),
                device=device,
                on_event=on_event,
            )
            ctx = CellContext(
                cells=db.cells,
                profile=plan.profile,
                runs=home.runs,
                device=device,
                loss_networks=loss_networks,
                trivial={spec.name: trivial},
                on_event=on_event,
                should_stop=should_stop,
            )
            executor.run_cells(todo, ids, parts, ctx, outcome)
        executor.finish()
        on_event(TaskFinished(STUDY_TASK))
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
        **cell.stored_settings(),
    }
