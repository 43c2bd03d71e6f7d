"""Results text on standard output: rendered by rich in a terminal, verbatim otherwise.

`percae results` produces Markdown (or CSV/JSON). A person at a terminal reads the Markdown
rendered (tables drawn, headings styled); a pipe, a redirect or `--out` gets the Markdown text
itself, unchanged, so scripts and files see exactly the documented format.
"""

from __future__ import annotations

import sys
from typing import TextIO


def print_results(text: str, markdown: bool, stream: TextIO | None = None) -> None:
    """Write ``text`` to ``stream`` (stdout); Markdown to a terminal is rendered with rich."""
    stream = stream or sys.stdout
    if markdown and stream.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console(file=stream, highlight=False).print(Markdown(text))
        return
    stream.write(text)
    stream.flush()
