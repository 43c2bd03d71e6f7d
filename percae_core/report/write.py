"""Writes the report file atomically (a temporary name beside it, fsync, rename): a reader
never sees half a report, and a failure leaves the previous one in place."""

from __future__ import annotations

from pathlib import Path

from percae_core.errors import PercaeError
from percae_core.figures.make import FigureRequest
from percae_core.figures.save import write_atomically
from percae_core.paths import Home
from percae_core.report.build import Report, build_html_report


def write_report(
    home: Home, path: Path, request: FigureRequest | None = None
) -> tuple[Path, Report]:
    """Build the report of ``home`` and write it to ``path``; returns the absolute path."""
    report = build_html_report(home, request)
    target = Path(path).expanduser().resolve()
    try:
        write_atomically(target, report.html.encode("utf-8"))
    except OSError as exc:
        raise PercaeError(
            f"Cannot write the report to {target} ({exc.strerror or exc}).",
            hint="Choose a writable place with --out.",
        ) from exc
    return target, report
