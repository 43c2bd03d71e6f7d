"""Results: the SQLite database of every run, the paper's tables built from it, and exports.

`ResultsDB` stores (``db.cells``, ``db.references``, ``db.queue``); `build_report` turns a database into `Section`s of `Table`s;
`render_markdown`, `render_csv` and `render_json` write them out.
"""

from percae_core.results.cell_records import RECORD_KEYS
from percae_core.results.db import ResultsDB
from percae_core.results.export import render_csv, render_json, render_markdown
from percae_core.results.table_data import Section, Table
from percae_core.results.tables import build_report, build_sections

__all__ = [
    "RECORD_KEYS",
    "ResultsDB",
    "Section",
    "Table",
    "build_report",
    "build_sections",
    "render_csv",
    "render_json",
    "render_markdown",
]
