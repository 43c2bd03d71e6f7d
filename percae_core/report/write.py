"""Writes the report file by the one output-target policy (`results/export_target.py`): the
home's own files are refused, a read-only file needs ``force``, a regular file is replaced
atomically (a reader never sees half a report, a failure keeps the previous one)."""

from __future__ import annotations

from pathlib import Path

from percae_core.figures.make import FigureRequest
from percae_core.paths import Home
from percae_core.report.build import Report, build_html_report
from percae_core.results.export_target import output_file


def write_report(
    home: Home, path: Path, request: FigureRequest | None = None, *, force: bool = False
) -> tuple[Path, Report]:
    """Build the report of ``home`` and write it to ``path``; returns the file written.

    The target is checked before the report is built, so a refused one costs no drawing."""
    target = output_file(path, home, force=force, what="the report")
    report = build_html_report(home, request)
    return target.write(report.html.encode("utf-8")), report
