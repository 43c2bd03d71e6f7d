"""Everything the figures are drawn from, read once from the results database: the result,
autoencoder and reference records, every fit's epochs, and the tables' sections (one per
setting: `percae_core.results.settings`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from percae_core.errors import PercaeError
from percae_core.figures.labels import Setting
from percae_core.paths import Home
from percae_core.results.comparisons import run_scores_loader
from percae_core.results.db import ResultsDB
from percae_core.results.table_data import Section
from percae_core.results.tables import build_sections

NO_RESULTS_HINT = "Run a study first, e.g. `percae bench --profile smoke --dataset lunarlander`."


@dataclass
class Study:
    records: list[dict]
    autoencoders: list[dict]
    references: list[dict]
    epochs: dict[int, list[dict]]
    sections: list[Section]
    experiments: list[dict] = field(default_factory=list)

    def settings(self) -> list[tuple[Setting, Section]]:
        """Each section of the tables with the figure setting it becomes."""
        return [(Setting.of(section), section) for section in self.sections]


def load_study(home: Home, datasets: Sequence[str] | None = None) -> Study:
    """The study in ``home`` (only ``datasets`` when given); an error when there is none."""
    if not home.database.exists():
        raise PercaeError(f"No results yet in {home.root}.", hint=NO_RESULTS_HINT)
    chosen = list(datasets) if datasets else None
    with ResultsDB.open(home.database) as db:
        records = db.cells.result_records(dataset=chosen)
        autoencoders = db.cells.autoencoder_records(dataset=chosen)
        references = db.references.records(dataset=chosen)
        epochs = {r["cell_id"]: db.cells.epochs_of(r["cell_id"]) for r in autoencoders}
        experiments = db.cells.experiments()
    sections = build_sections(
        records,
        autoencoders,
        references,
        compare_paper=True,
        scores=run_scores_loader(home.runs),
    )
    return Study(records, autoencoders, references, epochs, sections, experiments)
