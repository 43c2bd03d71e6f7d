"""`percae weights status` at 80 columns: one line per file (the Path column wrapped every row
into 6-7 lines); a file read from outside the folder in the title is named under the table."""

from __future__ import annotations

from cli_invocation import run_cli

from percae_core.cli.console import out
from percae_core.models.weights import cache_dir, weights_status


def test_every_file_is_one_line_at_80_columns(capsys, monkeypatch):
    monkeypatch.setattr(out, "_width", 80)
    code, text, _ = run_cli(capsys, "weights", "status")
    assert code == 0
    rows = weights_status(verify=False)
    table_lines = [line for line in text.splitlines() if line.startswith("│")]
    assert len(table_lines) == len(rows)
    for row in rows:
        if row.path.parent != cache_dir():
            assert f"{row.file.file_name} is read from {row.path}" in " ".join(text.split())
