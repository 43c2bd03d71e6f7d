"""Tables II-VII as grouped bar charts: per latent size (and "Any") one bar per variant, the
mean over runs with its 95 % Student's t interval as error bars (none for one run, and the
footnote says "n = 1, no interval"), the trivial predictor and the predictor on raw pixels as
reference lines, and the paper's value as a marker where the paper reports one.

The bars are the numbers of the `Table` that `percae results` prints (same `Summary` objects),
so a chart and its table never disagree.
"""

from __future__ import annotations

from percae_core.evaluation.metric_registry import find_metric
from percae_core.figures.backend import pyplot
from percae_core.figures.bars import slot_width, slot_x, variant_bars
from percae_core.figures.drawn import Drawn
from percae_core.figures.labels import Setting, figure_badge, figure_caption, label_figure
from percae_core.models.variants import VARIANTS
from percae_core.results.paper import PaperTables
from percae_core.results.summary import Summary, lower_is_better, shown_value, unit_of
from percae_core.results.table_data import Table, variant_title

#: The legend of the paper's markers: its numbers come from the pretrained AlexNet.
PAPER_LABEL = "paper's value (pretrained AlexNet)"

_REFERENCE_STYLES = {
    "trivial": ("#b22222", "--", "trivial predictor"),
    "pixels": ("#555555", "-.", "same predictor on raw pixels"),
}


def _references(references: list[dict], predictor: str, metric: str) -> dict[str, Summary]:
    found: dict[str, Summary] = {}
    for kind in _REFERENCE_STYLES:
        values = [
            shown_value(metric, r["value"])
            for r in references
            if r["kind"] == kind
            and r["metric"] == metric
            and (kind == "trivial" or r["predictor"] == predictor)
        ]
        summary = Summary.of(values)
        if summary is not None:
            found[kind] = summary
    return found


def _axis_label(metric: str) -> str:
    unit = unit_of(metric)
    info = find_metric(metric)
    name = info.title if info is not None else metric
    better = "lower" if lower_is_better(metric) else "higher"
    return f"{name}{f' ({unit})' if unit else ''}, {better} is better"


def draw_table_chart(
    table: Table,
    dataset: str,
    predictor: str,
    metric: str,
    records: list[dict],
    references: list[dict],
    setting: Setting,
    paper: PaperTables,
) -> Drawn:
    plt = pyplot()
    by_title = {variant_title(name): name for name in {*VARIANTS, *(r["variant"] for r in records)}}
    variants = [by_title.get(title, title) for title in table.columns[1:]]
    groups = [row[0] for row in table.rows]
    width = slot_width(len(variants))
    fig_width = max(7.0, 1.9 * len(groups) + 3.5)
    figure, axis = plt.subplots(figsize=(fig_width, 5.2), dpi=100, layout="constrained")
    marked = False
    for slot, variant in enumerate(variants):
        xs, means, spread, paper_xs, paper_ys = [], [], [], [], []
        for place, (group, summaries) in enumerate(zip(groups, table.numbers)):
            summary = summaries[slot]
            x = slot_x(place, slot, width)
            if summary is not None:
                xs.append(x)
                means.append(summary.mean)
                spread.append(summary.half_width())
            z = "any" if group == "Any" else group
            reported = paper.value(dataset, predictor, z, variant)
            if reported is not None:
                paper_xs.append(x)
                paper_ys.append(reported)
        variant_bars(axis, variant, xs, means, spread, width)
        if paper_xs:
            axis.plot(
                paper_xs,
                paper_ys,
                "D",
                color="white",
                markeredgecolor="black",
                ms=6,
                linestyle="none",
                label=None if marked else PAPER_LABEL,
            )
            marked = True
    for kind, summary in _references(references, predictor, metric).items():
        colour, style, label = _REFERENCE_STYLES[kind]
        axis.axhline(
            summary.mean,
            color=colour,
            linestyle=style,
            linewidth=1.3,
            label=f"{label} ({summary.mean:.3g})",
        )
    axis.set_xticks(range(len(groups)), [g if g == "Any" else f"z={g}" for g in groups])
    axis.set_ylabel(_axis_label(metric), fontsize=9)
    axis.grid(axis="y", alpha=0.3)
    axis.legend(fontsize=7.5, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    caption = f"{figure_caption(records, setting)} · {error_bars_note(table)}"
    title = setting.titled(table.title)
    label_figure(figure, title, figure_badge(records), caption, fig_width)
    name = f"table-{table.key}_{dataset}_{predictor}_{setting.slug}"
    return Drawn("table", name, title, dataset, setting, figure, footnote=caption)


def error_bars_note(table: Table) -> str:
    """What the error bars are, with the runs per bar: "n = 1, no interval" for single runs."""
    ns = sorted({s.n for row in table.numbers for s in row if s is not None})
    if ns == [1]:
        return "n = 1, no interval: one run per bar"
    shown = "/".join(str(n) for n in ns)
    return f"error bars: 95 % Student's t interval of the mean over runs (n = {shown})"
