"""Figures to files (by the one output-target policy, `results/export_target.py`) and to bytes
for the HTML report; both close the figure to free its memory."""

from __future__ import annotations

import io
from pathlib import Path

from percae_core.figures.drawn import Drawn
from percae_core.paths import Home
from percae_core.results.export_target import output_file

FORMATS = ("png", "svg", "pdf")


def figure_bytes(drawn: Drawn, fmt: str = "png") -> bytes:
    """The figure encoded as ``fmt``, at the figure's own resolution (Fig. 6's tiles stay
    pixel-exact in PNG)."""
    buffer = io.BytesIO()
    drawn.figure.savefig(buffer, format=fmt, dpi="figure", facecolor="white")
    return buffer.getvalue()


def close(drawn: Drawn) -> None:
    from percae_core.figures.backend import pyplot

    pyplot().close(drawn.figure)


def save_figure(
    drawn: Drawn, folder: Path, home: Home, fmt: str = "png", *, force: bool = False
) -> Path:
    """``folder/<name>.<fmt>`` by the one output-target policy (`results/export_target.py`: never
    the home's own files, a read-only file only with ``force``); the figure is closed afterwards."""
    try:
        target = output_file(
            Path(folder) / f"{drawn.name}.{fmt}", home, force=force, what="the figure"
        )
        return target.write(figure_bytes(drawn, fmt))
    finally:
        close(drawn)
