"""The paper's Tables II-VIII (and the overhead, reference and diagnostics tables) built from the
finished cells of the results database, grouped in one `Section` per setting (`settings.py`:
loss network, profile, gamma, epochs, batch size, off-screen rule, precision).

Tables II-VII: one per dataset and predictor (MLP, linear); rows are the latent sizes present,
then "Any": per variant and per run (seed, repeat), the z whose predictor had the lowest
VALIDATION loss, and that predictor's test value. Table VIII: decoders retrained pixel-wise;
per dataset, each variant's lowest L1 error over z relative to the lowest of all variants
(100% = best, read as best/own x 100; `decoder_table.py`). Several runs of a cell show as the mean and its 95 % t
interval (n=...); each perceptual cell carries its verdict against its pixel-wise twin
(`comparisons.py`, marks in `comparison_text.py`) and a row's best is bold only where that
verdict resolves it (`verdict_cells.py`).

Cells stored without a loss network or gamma (variants that use neither) join every section
that agrees with them on the rest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from percae_core.data.catalog import dataset_rank
from percae_core.evaluation.metric_registry import metric_caption, trivial_predictor_title
from percae_core.models.loss_network_registry import DEFAULT_LOSS_NETWORK
from percae_core.results.comparison_text import marks_legend
from percae_core.results.comparisons import ANY_Z, ScoresLoader, family_comparisons
from percae_core.results.db import ResultsDB
from percae_core.results.decoder_table import decoder_table
from percae_core.results.diagnostics_table import diagnostics_table, stored_warnings
from percae_core.results.loss_net_ranking import loss_net_ranking_sections
from percae_core.results.overhead import overhead_table
from percae_core.results.paper import PaperTables, paper_tables
from percae_core.results.record_order import VARIANT_ORDER
from percae_core.results.section_references import SectionReferences, section_references
from percae_core.results.settings import (
    Setting,
    belongs,
    difference_title,
    section_settings,
)
from percae_core.results.settings import shown_keys as shown_keys_of
from percae_core.results.summary import (
    RUNS_INTERVAL,
    Summary,
    interval_text,
    lower_is_better,
    number_text,
    shown_value,
    unit_of,
)
from percae_core.results.table_data import (
    Section,
    Table,
    caption_for,
    dataset_title,
    thread_caption,
    variant_title,
)
from percae_core.results.trivial_warnings import trivial_warnings
from percae_core.results.verdict_cells import TableVerdicts, ZKey

_ROMAN = {"II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}
_PREDICTOR_TITLES = {"mlp": "MLP predictor", "linear": "linear regressor"}


def build_report(
    db: ResultsDB,
    *,
    datasets: Sequence[str] | None = None,
    loss_net: str | None = None,
    profile: str | None = None,
    compare_paper: bool = False,
    scores: ScoresLoader | None = None,
) -> list[Section]:
    """Every section of the database, filtered, then the loss-network rankings when no single
    network was asked for; [] when nothing matches. ``scores`` reads a run's per-example test
    scores (`comparisons.run_scores_loader`): single runs are compared with them."""
    records = db.cells.result_records(dataset=datasets, profile=profile)
    sections = build_sections(
        records,
        db.cells.autoencoder_records(dataset=datasets, profile=profile),
        db.references.records(dataset=datasets, profile=profile),
        loss_net=loss_net,
        compare_paper=compare_paper,
        scores=scores,
    )
    if loss_net is not None:
        return sections
    return sections + loss_net_ranking_sections(records, scores or (lambda record: None))


def build_sections(
    records: list[dict],
    autoencoders: list[dict],
    references: list[dict],
    *,
    loss_net: str | None = None,
    compare_paper: bool = False,
    paper: PaperTables | None = None,
    scores: ScoresLoader | None = None,
) -> list[Section]:
    """One section per setting (`settings.py`), titled by what differs between them; each
    perceptual cell compared with its pixel-wise twin (`comparisons.py`)."""
    paper = paper or paper_tables()
    settings = [
        setting
        for setting in section_settings([*records, *autoencoders])
        if loss_net is None or dict(setting)["loss_net"] == loss_net
    ]
    shown_keys = [key for key in shown_keys_of(settings) if key not in ("loss_net", "profile")]
    sections = []
    for setting in settings:
        values = dict(setting)
        section = _section(
            _SectionInputs(
                setting,
                _one_per_run([r for r in records if belongs(r, setting)], "predictor"),
                _one_per_run([r for r in autoencoders if belongs(r, setting)]),
                section_references(references, values["profile"], values["onscreen"]),
                paper,
                compare_paper,
                scores or _no_scores,
            )
        )
        if section.tables:
            sections.append(
                replace(
                    section,
                    setting=values,
                    difference=difference_title(setting, shown_keys),
                    difference_keys=tuple(shown_keys),
                )
            )
    return sections


def _one_per_run(records: list[dict], *kinds: str) -> list[dict]:
    """Each fit once: records of the same cell contents and run seed are the same fit (cells
    stored before randomness came from (seed, repeat) could repeat another cell's fit)."""
    seen: set[tuple] = set()
    kept = []
    for record in records:
        key = (
            record["dataset"],
            record["variant"],
            record["z"],
            record.get("run_seed", record.get("seed")),
            *(record.get(kind) for kind in kinds),
        )
        if key not in seen:
            seen.add(key)
            kept.append(record)
    return kept


def _text(value: object) -> str | None:
    """A setting's value as stored text (loss network, profile), None where it is unset."""
    return None if value is None else str(value)


def _no_scores(record: dict) -> None:
    return None


@dataclass(frozen=True)
class _SectionInputs:
    """What one section is built from: its setting, records, baselines and options."""

    setting: Setting
    records: list[dict]
    autoencoders: list[dict]
    references: SectionReferences
    paper: PaperTables
    compare_paper: bool
    scores: ScoresLoader


def _section(inputs: _SectionInputs) -> Section:
    values = dict(inputs.setting)
    net, profile = _text(values["loss_net"]), _text(values["profile"])
    records, autoencoders, references = inputs.records, inputs.autoencoders, inputs.references
    paper, compare_paper = inputs.paper, inputs.compare_paper
    warnings = stored_warnings(autoencoders)
    already_compared = {
        r["cell_id"]
        for r in autoencoders
        if any("trivial" in w.lower() for w in (r.get("diagnostics") or {}).get("warnings") or [])
    }
    tables: list[Table] = []
    grouped: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for record in records:
        if record["predictor"] in _PREDICTOR_TITLES:
            grouped[(record["dataset"], record["predictor"], record["metric"])].append(record)
    for key in sorted(grouped, key=lambda k: _table_order(paper, *k[:2])):
        dataset, predictor, metric = key
        refs = [r for r in references.rows if r["dataset"] == dataset]
        zs = {record["z"] for record in grouped[key]}
        verdicts = TableVerdicts(
            family_comparisons(grouped[key], inputs.setting, inputs.scores),
            only_z=next(iter(zs)) if len(zs) == 1 else None,
        )
        spec = _PredictorTable(
            dataset, predictor, metric, grouped[key], refs, paper, compare_paper, verdicts
        )
        table = _predictor_table(spec, net)
        rule_note = references.note(dataset)
        tables.append(replace(table, notes=(*table.notes, rule_note)) if rule_note else table)
        warnings.extend(trivial_warnings(grouped[key], refs, already_compared))
    decoders = [r for r in records if r["predictor"] == "decoder"]
    if decoders:
        tables.append(decoder_table(decoders, paper, compare_paper))
    threads = thread_caption(autoencoders)
    tables = [replace(table, caption=table.caption + threads) for table in tables]
    overhead = overhead_table(autoencoders)
    if overhead is not None:
        tables.append(overhead)
    diagnostics = diagnostics_table(autoencoders)
    if diagnostics is not None:
        tables.append(diagnostics)
    return Section(net, profile, tuple(tables), tuple(dict.fromkeys(warnings)))


def _table_order(paper: PaperTables, dataset: str, predictor: str) -> tuple:
    number = paper.table_number(dataset, predictor)
    if number is not None:
        return (0, _ROMAN.get(number, 99), "", "")
    return (1, dataset_rank(dataset), dataset, predictor)


def _columns(records: Iterable[dict]) -> list[str]:
    present = {r["variant"] for r in records}
    return list(VARIANT_ORDER) + sorted(present - set(VARIANT_ORDER))


def _best_index(lower_better: bool, summaries: Sequence[Summary | None]) -> int | None:
    """Index (into the table's columns, label first) of the best mean in a row."""
    scored = [
        (s.mean if lower_better else -s.mean, i) for i, s in enumerate(summaries) if s is not None
    ]
    return min(scored)[1] + 1 if len(scored) > 1 else None


@dataclass(frozen=True)
class _PredictorTable:
    """What one of Tables II-VII is drawn from: its dataset, predictor and metric, the records
    of its cells and the reference baselines of its section."""

    dataset: str
    predictor: str
    metric: str
    records: list[dict]
    references: list[dict]
    paper: PaperTables
    compare_paper: bool
    verdicts: TableVerdicts

    def paper_note(self, z: int | str, variant: str) -> list[str]:
        if not self.compare_paper:
            return []
        value = self.paper.value(self.dataset, self.predictor, z, variant)
        return [] if value is None else [f"paper {number_text(self.metric, value)}"]


def _z_row(spec: _PredictorTable, variants: list[str], z: int) -> tuple[tuple[str, ...], tuple]:
    """The row of latent size ``z``: its cells as text and the summaries behind them."""
    summaries = tuple(
        Summary.of(
            shown_value(spec.metric, r["value"])
            for r in spec.records
            if r["variant"] == v and r["z"] == z
        )
        for v in variants
    )
    cells = (
        "–"
        if s is None
        else interval_text(spec.metric, s, spec.paper_note(z, v)) + spec.verdicts.mark(v, z)
        for s, v in zip(summaries, variants)
    )
    return (str(z), *cells), summaries


def _any_row(spec: _PredictorTable, variants: list[str]) -> tuple[tuple[str, ...], tuple]:
    """The "Any" row: per variant, the z chosen by validation loss in each run."""
    cells: list[str] = []
    summaries: list[Summary | None] = []
    for variant in variants:
        summary, chosen = _any_choice(
            spec.metric, [r for r in spec.records if r["variant"] == variant]
        )
        summaries.append(summary)
        if summary is None:
            cells.append("–")
            continue
        notes = ["z=" + "/".join(str(z) for z in sorted(chosen)), *spec.paper_note("any", variant)]
        mark = spec.verdicts.mark(variant, ANY_Z)
        cells.append(interval_text(spec.metric, summary, notes) + mark)
    return ("Any", *cells), tuple(summaries)


def _winners(
    spec: _PredictorTable,
    baseline: float | None,
    rows: list[tuple[ZKey, str, tuple]],
    variants: list[str],
) -> tuple[list[int | None], list[str]]:
    """Per row the best variant where its verdict against its twin resolves it (`verdict_cells`),
    unless every variant there is no better than the baseline; and the labels of the rows left
    unmarked for that reason."""
    best: list[int | None] = []
    unmarked: list[str] = []
    for z, label, summaries in rows:
        if baseline is not None and _none_beats(spec.metric, baseline, summaries):
            unmarked.append(label)
            best.append(None)
            continue
        index = _best_index(lower_is_better(spec.metric), summaries)
        resolved = index is not None and spec.verdicts.resolved_better(variants[index - 1], z)
        best.append(index if resolved else None)
    return best, unmarked


def _predictor_notes(
    spec: _PredictorTable, baseline: float | None, unmarked: list[str], net: str | None
) -> list[str]:
    metric = spec.metric
    notes = [
        '"Any": per variant and run, the z whose predictor had the lowest validation loss; '
        f"{RUNS_INTERVAL}.",
        'The paper\'s "Any" values equal its best test value over z in all 28 of its cells, so '
        "they appear selected on the test set: a comparison with them favours the paper.",
    ]
    if spec.verdicts.comparisons:
        notes.append(marks_legend(one_z=spec.verdicts.only_z is not None))
    notes.extend(_reference_notes(metric, spec.predictor, spec.references))
    if unmarked and baseline is not None:
        trivial = trivial_predictor_title(_trivial_kind(spec.references))
        notes.append(
            f"No best value is marked in {', '.join(unmarked)}: every variant there is no better "
            f"than the trivial predictor ({trivial}, "
            f"{number_text(metric, baseline)} {unit_of(metric)}".rstrip()
            + "), so none of them learned anything to rank."
        )
    number = spec.paper.table_number(spec.dataset, spec.predictor)
    if spec.compare_paper and number and net != DEFAULT_LOSS_NETWORK:
        notes.append(
            f"The paper's values come from the pretrained AlexNet; this section uses "
            f"{net or 'no loss network'}."
        )
    return notes


def _predictor_table(spec: _PredictorTable, net: str | None) -> Table:
    number = spec.paper.table_number(spec.dataset, spec.predictor)
    variants = _columns(spec.records)
    made = [_z_row(spec, variants, z) for z in sorted({r["z"] for r in spec.records})]
    made.append(_any_row(spec, variants))
    rows, numbers = [row for row, _ in made], [summaries for _, summaries in made]
    zs: list[ZKey] = [*sorted({r["z"] for r in spec.records}), ANY_Z]
    labels = [f"z={row[0]}" for row in rows[:-1]] + ['"Any"']
    baseline = _trivial_baseline(spec.metric, spec.references)
    best, unmarked = _winners(spec, baseline, list(zip(zs, labels, numbers)), variants)
    label = f"Table {number}" if number else "Table (extension)"
    return Table(
        key=number or f"{spec.dataset}-{spec.predictor}",
        title=f"{label}: {dataset_title(spec.dataset)}, {_PREDICTOR_TITLES[spec.predictor]}: "
        f"{metric_caption(spec.metric)}",
        caption=caption_for(spec.records) + spec.verdicts.caption(spec.records),
        columns=("z", *(variant_title(v) for v in variants)),
        rows=tuple(rows),
        numbers=tuple(numbers),
        best=tuple(best),
        notes=tuple(_predictor_notes(spec, baseline, unmarked, net)),
        comparisons=spec.verdicts.comparisons,
    )


def _trivial_baseline(metric: str, references: list[dict]) -> float | None:
    """The trivial predictor's mean value of ``metric`` (in table units), None when not stored."""
    summary = Summary.of(
        shown_value(metric, r["value"])
        for r in references
        if r["kind"] == "trivial" and r["metric"] == metric
    )
    return None if summary is None else summary.mean


def _trivial_kind(references: list[dict]) -> str:
    return next((r["predictor"] for r in references if r["kind"] == "trivial"), "trivial")


def _none_beats(metric: str, baseline: float, summaries: Sequence[Summary | None]) -> bool:
    """True when a row has values and none of them is better than ``baseline``."""
    means = [s.mean for s in summaries if s is not None]
    if lower_is_better(metric):
        return bool(means) and all(mean >= baseline for mean in means)
    return bool(means) and all(mean <= baseline for mean in means)


def _any_choice(metric: str, records: list[dict]) -> tuple[Summary | None, set[int]]:
    """Per run (its run seed, from seed and repeat), the test value of the z with the lowest
    validation loss, whatever device each z ran on; and the z chosen."""
    runs: dict[object, list[dict]] = defaultdict(list)
    for record in records:
        if record.get("val_loss") is not None:
            runs[record.get("run_seed", record.get("seed"))].append(record)
    picks = [min(run, key=lambda r: (r["val_loss"], r["z"])) for run in runs.values()]
    summary = Summary.of(shown_value(metric, r["value"]) for r in picks)
    return summary, {r["z"] for r in picks}


def _reference_notes(metric: str, predictor: str, references: list[dict]) -> list[str]:
    notes = []
    unit = unit_of(metric)
    by_kind: dict[tuple[str, str, str | None], list[float]] = defaultdict(list)
    for ref in references:
        if ref["metric"] != metric:
            continue
        if ref["kind"] == "trivial" or ref["predictor"] == predictor:
            by_kind[(ref["kind"], ref["predictor"], ref.get("features"))].append(
                shown_value(metric, ref["value"])
            )
    ordered = sorted(by_kind.items(), key=lambda item: (item[0][0] != "trivial", str(item[0])))
    for (kind, name, features), values in ordered:
        summary = Summary.of(values)
        if summary is None:
            continue
        if kind == "trivial":
            what = f"trivial predictor ({trivial_predictor_title(name)})"
        else:
            what = f"{_PREDICTOR_TITLES.get(name, name)} on raw pixels ({features or 'pixels'})"
        notes.append(f"Reference, {what}: {interval_text(metric, summary)} {unit}".rstrip())
    return notes
