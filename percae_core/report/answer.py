"""The report's first section, "The answer": per setting, dataset and predictor, does training
with the perceptual loss give better embeddings than training pixel-wise? One short paragraph
each, read from the verdicts of the tables' comparisons (`results/comparisons.py`): the "any"
comparison of each perceptual variant with its twin (per run, each at the z its validation loss
chose), its interval, n and method, then how the per-z comparisons came out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape

from percae_core.evaluation.metric_registry import get_metric
from percae_core.models.variants import variant_title
from percae_core.results.comparison_text import difference_text, interval_text, verdict_text
from percae_core.results.comparisons import ANY_Z, ComparisonRecord
from percae_core.results.table_data import Section, Table, dataset_title
from percae_core.stats.verdict import Verdict

NO_PAIRS = (
    "No perceptual variant has finished beside its pixel-wise twin (the same dataset, z, seed "
    "and repeat), so there is nothing to compare yet: run a study with both, e.g. "
    "`percae bench --variants ae,pae --repeats 3`."
)


def _headline(record: ComparisonRecord) -> str:
    info = get_metric(record.metric)
    where = "at the validation-chosen z" if record.z == ANY_Z else f"at z = {record.z}"
    label = f"; {record.label}" if record.label else ""
    return (
        f"{variant_title(record.variant)} vs {variant_title(record.baseline)} {where}: "
        f"<strong>{escape(verdict_text(record))}</strong> "
        f"({escape(difference_text(record, record.mean_diff))} {escape(info.unit)}, "
        f"{escape(interval_text(record))}, n = {record.n}, {escape(record.ci_method)}"
        f"{escape(label)})"
    )


def _per_z(records: Sequence[ComparisonRecord]) -> str:
    counts = Counter(r.verdict for r in records if r.z != ANY_Z)
    if not counts or all(r.z != ANY_Z for r in records):  # one z: the headlines are per z
        return ""
    shown = ", ".join(f"{counts[v.value]} {v.value}" for v in Verdict if counts[v.value])
    return f" Per latent size: {shown}."


def _paragraph(section: Section, table: Table) -> str:
    records = table.comparisons
    first = records[0]
    info = get_metric(first.metric)
    headlines = [r for r in records if r.z == ANY_Z] or list(records)
    better = "higher" if info.higher_is_better else "lower"
    return (
        f'<p class="answer"><strong>{escape(dataset_title(first.dataset))}, '
        f"{escape(first.predictor)} predictor</strong> ({escape(info.title)}, {better} is "
        f"better; {escape(section.heading)}): "
        + "; ".join(_headline(r) for r in headlines)
        + f".{escape(_per_z(records))} Holm-adjusted over the table's {len(records)} "
        f'comparisons; the numbers are under <a href="#table-{escape(table.key)}">'
        f"{escape(table.title.split(':')[0])}</a>.</p>"
    )


def answer_html(sections: Sequence[Section]) -> str:
    """The section "The answer", one paragraph per table with comparisons."""
    paragraphs = [
        _paragraph(section, table)
        for section in sections
        for table in section.tables
        if table.comparisons
    ]
    return (
        '<h2 id="answer">The answer</h2>'
        "<p>Does training with a perceptual loss give better embeddings than training "
        "pixel-wise? Each perceptual variant against its pixel-wise twin in the same runs: "
        "<em>better</em> or <em>worse</em> only when the whole interval of the difference lies on "
        "one side of 0, else <em>unresolved</em>.</p>"
        + ("".join(paragraphs) if paragraphs else f"<p>{escape(NO_PAIRS)}</p>")
    )
