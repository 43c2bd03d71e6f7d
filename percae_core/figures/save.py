"""Figures to files (written atomically: a temporary name in the target folder, then renamed)
and to bytes for the HTML report; both close the figure to free its memory."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from percae_core.errors import PercaeError
from percae_core.figures.drawn import Drawn

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
    """``data`` to ``target`` via a temporary file in its folder, fsync and rename, with the
    permissions a plain new file gets (mkstemp's are owner-only)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
