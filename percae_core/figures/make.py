"""Which figures a study gets, per setting and dataset, drawn one at a time.

`draw_figures` yields every figure it can draw and, for every one it cannot, a `Skipped` saying
what is missing and which command makes it; a caller saves (and closes) each figure as it
comes, so a large study never holds all its figures in memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from percae_core.data.catalog import dataset_rank, list_datasets
from percae_core.errors import PercaeError, UsageError
from percae_core.figures.active_dims import draw_active_dims
from percae_core.figures.curves import draw_curves
from percae_core.figures.drawn import KINDS, Drawn, Skipped, bench_hint
from percae_core.figures.fig6 import draw_fig6
from percae_core.figures.fig6_data import fig6_images
from percae_core.figures.labels import Setting, normal
from percae_core.figures.loss_net_figures import ranking_figures
from percae_core.figures.overhead_chart import draw_overhead
from percae_core.figures.study import NO_RESULTS_HINT, Study, load_study
from percae_core.figures.table_chart import draw_table_chart
from percae_core.paths import Home
from percae_core.recompute_advice import recompute_hint
from percae_core.results.cell_store import PREDICTORS
from percae_core.results.paper import paper_tables
from percae_core.results.section_references import section_references
from percae_core.results.table_data import Section, dataset_title, variant_title


@dataclass(frozen=True)
class FigureRequest:
    """What `percae figures` asks for (None: everything in the database)."""

    datasets: Sequence[str] | None = None
    settings: Sequence[str] | None = None
    images: int = 4
    seed: int = 0
    indices: Sequence[int] | None = None
    kinds: Sequence[str] = KINDS
    sizes: Sequence[int] | None = None
    """Only these latent sizes (Fig. 6 and training curves)."""


def _ordered(names: set[str]) -> list[str]:
    return sorted(names, key=lambda d: (dataset_rank(d), d))


def _choices(settings: list[tuple[Setting, Section]]) -> str:
    return "; ".join(f"{s.slug} ({s.heading})" for s, _ in settings) or "none"


def _matching(
    settings: list[tuple[Setting, Section]], wanted: str
) -> list[tuple[Setting, Section]]:
    """The settings ``wanted`` names: exactly one by its file-name form or heading; by the old
    ``NET_PROFILE`` form only while that is still one setting; every setting with a fact (a loss
    network, a profile, a value such as ``precision bf16``)."""
    key = normal(wanted)
    for kind in ("names", "legacy_names"):
        found = [pair for pair in settings if key in getattr(pair[0], kind)]
        if len(found) > 1:
            raise UsageError(
                f"--setting {wanted} fits {len(found)} settings: they differ in "
                f"{', '.join(found[0][0].difference_keys) or 'more than it says'}.",
                hint=f"Name one: {_choices(found)}.",
            )
        if found:
            return found
    return [pair for pair in settings if key in pair[0].terms]


def chosen_settings(study: Study, wanted: Sequence[str] | None) -> list[tuple[Setting, Section]]:
    """The study's settings (the tables' sections), or those ``wanted`` names, in table order."""
    settings = study.settings()
    if not wanted:
        return settings
    chosen: list[Setting] = []
    for name in wanted:
        found = _matching(settings, name)
        if not found:
            raise UsageError(
                f"No setting matches {name!r}.",
                hint=f"Settings with results: {_choices(settings)}. Name one by the first form "
                "(its figures' file names) or its table heading; a loss network, a profile or "
                "one value as the headings write it (e.g. 'precision bf16') selects every setting "
                "that has it.",
            )
        chosen.extend(setting for setting, _ in found)
    return [pair for pair in settings if pair[0] in chosen]


def _check_dataset_names(names: Sequence[str]) -> None:
    """A name that is no registered dataset is bad usage (exit 2), as in every other command."""
    known = list_datasets()
    for name in names:
        if name not in known:
            raise UsageError(f"Unknown dataset {name!r}.", hint=f"Choose from: {', '.join(known)}.")


def draw_figures(home: Home, request: FigureRequest) -> Iterator[Drawn | Skipped]:
    """Every figure of the request, or why not; an error when there are no results at all."""
    _check_dataset_names(request.datasets or [])
    study = load_study(home, request.datasets)
    if not study.autoencoders and not study.records:
        where = f" for {', '.join(request.datasets)}" if request.datasets else ""
        raise PercaeError(f"No finished cells{where} in {home.root}.", hint=NO_RESULTS_HINT)
    settings = chosen_settings(study, request.settings)
    present = {r["dataset"] for r in study.autoencoders + study.records}
    for dataset in request.datasets or []:
        if dataset not in present:
            yield Skipped(
                f"{dataset_title(dataset)}: every figure",
                f"it has no finished cells in {home.root}.",
                bench_hint(dataset, None),
            )
    for setting, section in settings:
        yield from _setting_figures(home, study, setting, section, request)
    yield from ranking_figures(home, study.records, request.kinds)


def _setting_figures(
    home: Home, study: Study, setting: Setting, section: Section, request: FigureRequest
) -> Iterator[Drawn | Skipped]:
    autoencoders = [r for r in study.autoencoders if setting.includes(r)]
    records = [r for r in study.records if setting.includes(r)]
    datasets = _ordered({r["dataset"] for r in autoencoders + records})
    for dataset in datasets:
        mine = [r for r in autoencoders if r["dataset"] == dataset]
        hint = bench_hint(dataset, setting.profile)
        for z in sorted({r["z"] for r in mine}):
            if request.sizes and z not in request.sizes:
                continue
            if "fig6" in request.kinds:
                yield from _fig6(home, mine, dataset, z, setting, request)
            if "curves" in request.kinds:
                drawn = draw_curves(
                    [r for r in mine if r["z"] == z], study.epochs, dataset, z, setting
                )
                yield drawn or Skipped(
                    f"Training curves, {dataset_title(dataset)} z={z} ({setting.slug})",
                    "no epochs are recorded for its fits.",
                    hint,
                )
        if "table" in request.kinds:
            yield from _table_charts(study, dataset, setting, section, records)
        if "active-dims" in request.kinds:
            yield draw_active_dims(mine, dataset, setting) or Skipped(
                f"Active dimensions, {dataset_title(dataset)} ({setting.slug})",
                "no autoencoder has recorded diagnostics.",
                hint,
            )
    if "overhead" in request.kinds:
        yield draw_overhead(autoencoders, setting) or Skipped(
            f"Training-time overhead ({setting.slug})",
            "it needs a perceptual and a pixel-wise fit of the same dataset, z and device.",
            "Make them with `percae bench` with its default --variants (all four).",
        )


def _fig6(
    home: Home,
    autoencoders: list[dict],
    dataset: str,
    z: int,
    setting: Setting,
    request: FigureRequest,
) -> Iterator[Drawn | Skipped]:
    what = f"Fig. 6, {dataset_title(dataset)} z={z} ({setting.slug})"
    try:
        images = fig6_images(
            home,
            autoencoders,
            dataset,
            z,
            setting,
            request.images,
            request.seed,
            list(request.indices) if request.indices else None,
        )
    except PercaeError as exc:  # data gone, a damaged checkpoint: this figure only
        yield Skipped(what, exc.message, exc.hint or "")
        return
    if images is None:
        yield Skipped(
            what,
            "no finished autoencoder of it has its checkpoint (was its runs folder deleted?).",
            f"Re-train them with `percae bench --profile {setting.profile} --dataset {dataset}` "
            f"after moving {home.database} aside, or restore {home.runs}.",
        )
        return
    for variant, why in images.missing.items():
        yield Skipped(
            f"{what}, {variant_title(variant)} column",
            f"{why}.",
            f"Restore {home.runs}, or {_lower_first(recompute_hint(images.missing_cells[variant]))}",
        )
    yield draw_fig6(images)


def _table_charts(
    study: Study, dataset: str, setting: Setting, section: Section, records: list[dict]
) -> Iterator[Drawn]:
    paper = paper_tables()
    values = dict(setting.values)
    references = [  # the baselines of the section's profile and off-screen rule, as in the tables
        r
        for r in section_references(study.references, values["profile"], values["onscreen"]).rows
        if r["dataset"] == dataset
    ]
    for predictor in PREDICTORS:
        mine = [r for r in records if r["dataset"] == dataset and r["predictor"] == predictor]
        for metric in sorted({r["metric"] for r in mine}):
            table = section.table(
                paper.table_number(dataset, predictor) or f"{dataset}-{predictor}"
            )
            if table is None:
                continue
            chosen = [r for r in mine if r["metric"] == metric]
            yield draw_table_chart(
                table, dataset, predictor, metric, chosen, references, setting, paper
            )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def write_figures(
    home: Home, request: FigureRequest, folder: Path, fmt: str = "png", *, force: bool = False
) -> tuple[list[Path], list[Skipped]]:
    """Draw and save every figure of the request; the files written and what was skipped.

    ``folder`` is checked (never the home's datasets/ or runs/) before anything is drawn."""
    from percae_core.figures.save import save_figure
    from percae_core.results.export_target import output_folder

    folder = output_folder(folder, home)

    written: list[Path] = []
    skipped: list[Skipped] = []
    for item in draw_figures(home, request):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            written.append(save_figure(item, folder, home, fmt, force=force))
    return written, skipped
