"""Figures to files (written atomically by `storage/atomic_write.py`)
and to bytes for the HTML report; both close the figure to free its memory."""

from __future__ import annotations

import io
from pathlib import Path

from percae_core.errors import PercaeError
from percae_core.figures.drawn import Drawn
from percae_core.storage.atomic_write import atomic_file

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


def write_atomically(target: Path, data: bytes) -> None:
    """``data`` to ``target`` through the project's one atomic writer (creating the folder)."""
    with atomic_file(target, create_folder=True) as out:
        out.write(data)


def save_figure(drawn: Drawn, folder: Path, fmt: str = "png") -> Path:
    """``folder/<name>.<fmt>``; the figure is closed afterwards."""
    target = Path(folder) / f"{drawn.name}.{fmt}"
    try:
        write_atomically(target, figure_bytes(drawn, fmt))
    except OSError as exc:
        raise PercaeError(
            f"Cannot write the figure {target} ({exc.strerror or exc}).",
            hint="Choose a writable folder with --out.",
        ) from exc
    finally:
        close(drawn)
    return target
