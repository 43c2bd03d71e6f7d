"""`percae results` draws Markdown for a person at a terminal and writes it verbatim elsewhere."""

from __future__ import annotations

import io

from percae_core.cli.terminal_output import print_results

MARKDOWN = "## Table II\n\n| Model | z=32 |\n|---|---|\n| AE | 13.2 |\n"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_the_tables_drawn():
    screen = Terminal()
    print_results(MARKDOWN, markdown=True, stream=screen)
    shown = screen.getvalue()
    assert "Table II" in shown and "13.2" in shown
    assert "|---|" not in shown and "##" not in shown


def test_a_pipe_gets_the_markdown_itself():
    pipe = io.StringIO()
    print_results(MARKDOWN, markdown=True, stream=pipe)
    assert pipe.getvalue() == MARKDOWN


def test_csv_is_never_rendered():
    screen = Terminal()
    print_results("a,b\n1,2\n", markdown=False, stream=screen)
    assert screen.getvalue() == "a,b\n1,2\n"
