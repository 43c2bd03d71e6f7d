"""`percae perf`: a benchmark (not a test) of percae's training path against the naive loop,
frame generation, the predictor grid and the memory of loading datasets; a table or `--json`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from percae_core.cli.console import out
from percae_core.cli.context import STATE
from percae_core.cli.options import MAX_THREADS, batch_size_option
from percae_core.cli.progress import RichProgress
from percae_core.quantities import byte_size

if TYPE_CHECKING:
    from percae_core.perf.report import PerfReport

SECTIONS = ("train", "generation", "grid", "memory")


def _train_table(report: PerfReport) -> Table:
    table = Table(
        title=f"Autoencoder training, z=64, batch {report.batch_size}, {report.device} "
        f"({report.machine.get('torch_threads')} threads; percae: "
        f"{report.machine.get('percae_path')})",
        title_justify="left",
    )
    for column in ("input", "loss", "naive img/s", "percae img/s", "ratio", "spread (q1-q3)"):
        table.add_column(column, justify="right" if column != "loss" else "left")
    ratios = report.ratios()
    spread = report.ratio_spread()
    for record in report.train:
        if record.impl != "percae":
            continue
        naive = report.speed("naive", record.loss, record.input) or 0.0
        key = f"{record.loss} {record.input}"
        table.add_row(
            f"{record.input}x{record.input}",
            record.loss,
            f"{naive:,.1f}",
            f"{record.images_per_s:,.1f}",
            f"{ratios.get(key, 0):.2f}x",
            "{:.2f}-{:.2f}x".format(*spread[key]) if key in spread else "",
        )
    for key, value in sorted(report.overhead_percent().items()):
        impl, side = key.split()
        table.add_row(f"{side}x{side}", f"perceptual overhead ({impl})", "", "", f"{value:+.1f} %")
    return table


def _other_table(report: PerfReport) -> Table:
    table = Table(title="Data, predictors, memory", show_header=False, title_justify="left")
    for speed in report.generation:
        table.add_row(
            "LunarLander frames",
            f"{speed.workers} process(es)",
            f"{speed.frames_per_s:,.0f} frames/s ({speed.frames} frames, {speed.seconds:.1f} s)",
        )
    if report.generation_speedup() is not None:
        table.add_row("", "pool vs one process", f"{report.generation_speedup():.2f}x")
    if report.grid:
        grid = report.grid
        table.add_row(
            "Predictor grid",
            f"{int(grid['models'])} models, {int(grid['n'])} embeddings, "
            f"{int(grid['epochs'])} epochs",
            f"batched {grid['batched_s']:.1f} s, sequential {grid['sequential_s']:.1f} s: "
            f"{grid['speedup']:.1f}x",
        )
    for memory in report.memory:
        table.add_row(
            "Peak RSS loading",
            f"{memory.dataset} ({memory.profile})",
            f"{byte_size(memory.peak_rss_bytes)} for {memory.train_images:,} training "
            f"images ({byte_size(memory.image_bytes)} uint8, {memory.placement})",
        )
    if report.memory_missing:
        table.add_row("Peak RSS loading", "not prepared", ", ".join(report.memory_missing))
    return table


def perf(
    device: str = typer.Option("auto", "--device", help="auto, cpu or cuda."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
    full: bool = typer.Option(
        False,
        "--full",
        help="The long run: batch 512 (the paper's), a bigger predictor grid (~10 min on 2 "
        "cores). Default: many short steps, about 3 minutes.",
    ),
    batch_size: int | None = batch_size_option(
        "Training batch size (default 128; 512 with --full)."
    ),
    steps: int | None = typer.Option(
        None, "--steps", help="Measured training steps per 64x64 configuration (default 8)."
    ),
    steps_96: int | None = typer.Option(
        None, "--steps-96", help="Measured training steps per 96x96 configuration (default 4)."
    ),
    grid_images: int | None = typer.Option(
        None, "--grid-images", help="Embeddings of the timed predictor grid (default 2000)."
    ),
    grid_epochs: int | None = typer.Option(
        None, "--grid-epochs", help="Epochs of the timed predictor grid (default 5)."
    ),
    threads: int | None = typer.Option(
        None,
        "--threads",
        min=1,
        max=MAX_THREADS,
        help="CPU threads for torch (default: as a fit would use: every core "
        "unless OMP_NUM_THREADS is set).",
    ),
    bf16: bool | None = typer.Option(
        None,
        "--bf16/--no-bf16",
        help="bf16 autocast in percae's path (default: on for CUDA and CPUs with native bf16).",
    ),
    precision: str = typer.Option(
        "auto",
        "--precision",
        help="Training precision in percae's path: fp32, bf16 (autoencoder under bf16 autocast, "
        "loss network fp32) or auto (--bf16/--no-bf16, else bf16 where native).",
    ),
    channels_last: bool | None = typer.Option(
        None, "--channels-last/--no-channels-last", help="channels_last layout (default: on)."
    ),
    compile_model: bool = typer.Option(False, "--compile", help="torch.compile percae's model."),
    memory_profile: str = typer.Option(
        "paper", "--memory-profile", help="Profile whose data sizes the memory figure loads."
    ),
    only: list[str] | None = typer.Option(
        None, "--only", help=f"Measure only these sections ({', '.join(SECTIONS)}); repeatable."
    ),
) -> None:
    """Measure training speed (percae vs the naive loop), frame generation, the predictor grid
    and dataset memory on one device; about 3 minutes (--full: the long run)."""
    from percae_core.errors import UsageError
    from percae_core.perf.measure import FULL, SHORT, PerfOptions, run_perf
    from percae_core.training.precision import check_precision
    from percae_core.training.speed import SpeedSettings

    unknown = [name for name in only or [] if name not in SECTIONS]
    if unknown:
        raise UsageError(
            f"Unknown section(s) for --only: {', '.join(unknown)}.",
            hint=f"Choose from: {', '.join(SECTIONS)}.",
        )
    extent = FULL if full else SHORT
    chosen = check_precision(precision)
    if chosen != "auto":
        bf16 = chosen == "bf16"
    options = PerfOptions(
        device=device,
        batch_size=extent.batch_size if batch_size is None else batch_size,
        steps=extent.steps if steps is None else steps,
        steps_96=extent.steps_96 if steps_96 is None else steps_96,
        warmup=extent.warmup,
        grid_size=(
            extent.grid_size[0] if grid_images is None else grid_images,
            extent.grid_size[1] if grid_epochs is None else grid_epochs,
        ),
        threads=threads,
        speed=SpeedSettings(bf16=bf16, channels_last=channels_last, compile=compile_model),
        memory_profile=memory_profile,
        home=STATE.home.root,
        sections=tuple(only) if only else SECTIONS,
    )
    with RichProgress(transient=True) as progress:
        report = run_perf(options, progress)
    if as_json:
        out.print_json(json.dumps(report.to_json()))
        return
    if report.train:
        out.print(_train_table(report))
    out.print(_other_table(report))
    out.print(f"Measured in {report.seconds:.0f} s; machine: {json.dumps(report.machine)}")


def register(app: typer.Typer) -> None:
    app.command("perf")(perf)
