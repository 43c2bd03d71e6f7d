"""What the Results screen shows, read in a worker thread: the report's sections (as `percae
results` builds them) and every perceptual-vs-pixel comparison (as `percae compare` does).

While a study runs, its pixel-wise cells (AE, VAE) finish before its perceptual ones; their
records carry no loss network, so on their own they would form a section "Loss network none"
captioned "Loss network: unknown", which vanishes once the perceptual cells finish. Here they
are counted under the running study's loss network from the start: the section is the one it
will be, and the perceptual columns read "–" until their cells are done.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from percae_core.models.variants import VARIANTS, list_variants
from percae_core.paths import Home
from percae_core.results.comparisons import (
    ComparisonRecord,
    build_comparisons,
    run_scores_loader,
)
from percae_core.results.db import ResultsDB
from percae_core.results.loss_net_ranking import loss_net_ranking_sections
from percae_core.results.table_data import Section
from percae_core.results.tables import build_sections
from percae_tui.queue_state import QueueItem


@dataclass(frozen=True)
class ResultFilters:
    datasets: list[str] | None = None
    loss_net: str | None = None
    profile: str | None = None
    compare_paper: bool = True


@dataclass(frozen=True)
class RunningStudy:
    """The loss network of the study running now, and the cells it has stored."""

    loss_net: str
    cell_ids: frozenset[int]


@dataclass(frozen=True)
class ResultsData:
    sections: list[Section] = field(default_factory=list)
    comparisons: list[ComparisonRecord] = field(default_factory=list)
    loss_nets: list[str] = field(default_factory=list)


def running_study(db: ResultsDB, item: QueueItem | None) -> RunningStudy | None:
    """The running item's study when it trains perceptual variants under a known loss
    network (None otherwise: nothing to place)."""
    if item is None or not item.active or item.experiment_id is None:
        return None
    net = item.progress.loss_net
    wanted = item.spec.get("variants") or list_variants()
    if not net or not any(VARIANTS[v].perceptual for v in wanted if v in VARIANTS):
        return None
    cells = db.cells.all(item.experiment_id)
    return RunningStudy(net, frozenset(int(cell["id"]) for cell in cells))


def under_running_study(records: list[dict], study: RunningStudy | None) -> list[dict]:
    """``records`` with the running study's pixel-wise ones under its loss network."""
    if study is None:
        return records
    return [
        {**r, "loss_net": study.loss_net}
        if r.get("loss_net") is None and r.get("cell_id") in study.cell_ids
        else r
        for r in records
    ]


def read_results(
    home: Home, filters: ResultFilters, running: QueueItem | None = None
) -> ResultsData:
    """The sections and comparisons that match ``filters`` (`tables.build_report`'s steps,
    with the running study's rows placed as above)."""
    with ResultsDB.open(home.database) as db:
        study = running_study(db, running)
        names, profile = filters.datasets, filters.profile
        records = under_running_study(db.cells.result_records(names, profile=profile), study)
        autoencoders = under_running_study(
            db.cells.autoencoder_records(names, profile=profile), study
        )
        references = db.references.records(names, profile=profile)
        nets = sorted({c["loss_net"] for c in db.cells.all() if c["loss_net"]})
    scores = run_scores_loader(home.runs)
    sections = build_sections(
        records,
        autoencoders,
        references,
        loss_net=filters.loss_net,
        compare_paper=filters.compare_paper,
        scores=scores,
    )
    if filters.loss_net is None:
        sections += loss_net_ranking_sections(records, scores)
    comparisons = [
        c
        for c in build_comparisons(records, scores)
        if filters.loss_net is None or c.loss_net == filters.loss_net
    ]
    return ResultsData(sections, comparisons, nets)
