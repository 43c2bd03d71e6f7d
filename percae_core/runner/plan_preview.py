"""`percae bench --plan`: the cells a command would run and its ETA, with nothing computed.

`preview_plan` resolves the request through its study, builds the cells exactly as
`prepare_plan` would for the loss networks asked for, and says what is missing (datasets not
prepared, pretrained weights not on this machine) instead of stopping: no data is loaded or
rendered, no network is built, nothing is written to the home (the results database is only
read, for the learnt ETA, when it already exists). A cell whose dataset or weights are missing
is listed with ``ready`` False; its hash is the one it will have once they are there (without
the weights, smoke and quick refuse an explicitly named network, and paper refuses any; the
default network of smoke and quick is listed as the random fallback they will use).
"""

from __future__ import annotations

from dataclasses import dataclass

from percae_core.data.registry import DatasetSpec
from percae_core.models.loss_network_registry import (
    DEFAULT_LOSS_NETWORK,
    FALLBACK_LOSS_NETWORK,
    get_loss_network_spec,
)
from percae_core.models.variants import VARIANTS
from percae_core.paths import Home
from percae_core.profiles import Profile, get_profile
from percae_core.runner.eta import Estimate, estimate
from percae_core.runner.executors import check_executor
from percae_core.runner.plan import (
    BenchRequest,
    Cell,
    build_cells,
    requested_datasets,
    requested_loss_nets,
    resolved_request,
)
from percae_core.studies import Study, get_study
from percae_core.training.device import resolve_device
from percae_core.training.precision import resolve_precision


@dataclass(frozen=True)
class Missing:
    """Something a planned cell needs that this machine does not have yet."""

    kind: str
    """"dataset" or "weights"."""
    name: str
    """The dataset or the loss network."""
    how: str
    """What to do about it."""


@dataclass(frozen=True)
class PlanPreview:
    """What `percae bench` would run: the resolved request, its cells in order, the ETA."""

    request: BenchRequest
    study: Study
    profile: Profile
    cells: tuple[Cell, ...]
    device: str
    eta: Estimate
    missing: tuple[Missing, ...] = ()

    def ready(self, cell: Cell) -> bool:
        """True when nothing ``cell`` needs is missing."""
        names = {(m.kind, m.name) for m in self.missing}
        weights = cell.variant.perceptual and ("weights", cell.loss_net) in names
        return ("dataset", cell.dataset) not in names and not weights


def _missing_datasets(specs: list[DatasetSpec], home: Home, profile: Profile) -> list[Missing]:
    return [
        Missing("dataset", spec.name, spec.how_to_get)
        for spec in specs
        if not (spec.prepares_itself or spec.is_ready(home, profile.scale(spec.name)))
    ]


def _planned_loss_nets(request: BenchRequest, profile: Profile) -> tuple[list[str], list[Missing]]:
    """The networks the cells will use, and those whose weights are absent.

    As `choose_loss_network` decides: the default network falls back to its random twin under
    a profile that does not need pretrained weights; a network named explicitly (or by the
    study) does not, so its cells are listed as not ready."""
    from percae_core.models.loss_networks import missing_files

    if not any(VARIANTS[name].perceptual for name in request.variants):
        return ["none"], []
    names, missing = [], []
    for requested in requested_loss_nets(request):
        spec = get_loss_network_spec(requested or DEFAULT_LOSS_NETWORK)
        files = missing_files(spec)
        name = spec.name
        how = "; ".join(f"`percae weights import {f.download_name}` ({f.url})" for f in files)
        if files and requested is None and not profile.pretrained_required:
            name = spec.fallback or FALLBACK_LOSS_NETWORK
            how += f"; until then this profile uses {name!r} (random frozen weights)"
        names.append(name)
        if files:
            missing.append(Missing("weights", spec.name, how))
    return list(dict.fromkeys(names)), missing


def preview_plan(request: BenchRequest, home: Home) -> PlanPreview:
    """The plan of ``request`` without computing or writing anything (see the module doc)."""
    request = resolved_request(request)
    study = get_study(request.study)
    profile = study.scaled(get_profile(request.profile))
    check_executor(request.executor)
    specs = requested_datasets(request)
    nets, missing_weights = _planned_loss_nets(request, profile)
    device = resolve_device(request.device)
    precision = resolve_precision(request.precision, device)
    cells = build_cells(request, profile, nets, [s.name for s in specs], precision)
    return PlanPreview(
        request=request,
        study=study,
        profile=profile,
        cells=tuple(cells),
        device=str(device),
        eta=_estimate(cells, profile, device.type, home),
        missing=(*_missing_datasets(specs, home, profile), *missing_weights),
    )


def _estimate(cells: list[Cell], profile: Profile, device_type: str, home: Home) -> Estimate:
    """The ETA, learnt from the results database when there is one (it is only read)."""
    if not home.database.is_file():
        return estimate(cells, profile, device_type, {})
    from percae_core.results.db import ResultsDB

    with ResultsDB.open(home.database) as db:
        rates, timings = (
            db.cells.measured_rates(device_type),
            db.cells.measured_timings(device_type),
        )
    return estimate(cells, profile, device_type, rates, timings)
