"""`percae data ...`: prepare, import and list datasets."""

from __future__ import annotations

import typer

app = typer.Typer(help="Prepare, import and list datasets.", no_args_is_help=True)
