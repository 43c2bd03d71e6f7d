"""`percae perf`: a benchmark (not a test) of percae's training path against the naive loop,
frame generation, the predictor grid and the memory of loading datasets; a table or `--json`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from percae_core.cli.console import out
from percae_core.cli.context import STATE
from percae_core.cli.progress import RichProgress

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
    for column in ("input", "loss", "naive img/s", "percae img/s", "ratio"):
        table.add_column(column, justify="right" if column != "loss" else "left")
    ratios = report.ratios()
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
            f"{memory.peak_rss_bytes / 2**20:,.0f} MB for {memory.train_images:,} training "
            f"images ({memory.image_bytes / 2**20:,.0f} MB uint8, {memory.placement})",
        )
    if report.memory_missing:
        table.add_row("Peak RSS loading", "not prepared", ", ".join(report.memory_missing))
    return table


def perf(
    device: str = typer.Option("auto", "--device", help="auto, cpu or cuda."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
    batch_size: int = typer.Option(512, "--batch-size", help="Training batch size."),
    steps: int = typer.Option(
        6, "--steps", help="Measured training steps per 64x64 configuration."
    ),
    steps_96: int = typer.Option(
        4, "--steps-96", help="Measured training steps per 96x96 configuration."
    ),
    threads: int | None = typer.Option(
        None,
        "--threads",
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
    and dataset memory on one device; takes a few minutes."""
    from percae_core.errors import UsageError
    from percae_core.perf.measure import PerfOptions, run_perf
    from percae_core.training.precision import check_precision
    from percae_core.training.speed import SpeedSettings

    unknown = [name for name in only or [] if name not in SECTIONS]
    if unknown:
        raise UsageError(
            f"Unknown section(s) for --only: {', '.join(unknown)}.",
            hint=f"Choose from: {', '.join(SECTIONS)}.",
        )
    chosen = check_precision(precision)
    if chosen != "auto":
        bf16 = chosen == "bf16"
    options = PerfOptions(
        device=device,
        batch_size=batch_size,
        steps=steps,
        steps_96=steps_96,
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
