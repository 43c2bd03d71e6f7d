"""`percae weights status` at 80 columns: no Path column (it wrapped every row into 6-7 lines):
each file's name whole on the line that starts its row, the networks needing it below it, no
line wider than the terminal; a file read from outside the folder in the title is named under
the table, its path on its own line."""

from __future__ import annotations

from cli_invocation import run_cli

from percae_core.cli.console import out
from percae_core.models.weights import cache_dir, weights_status


def test_every_file_name_is_whole_on_one_line_at_80_columns(capsys, monkeypatch):
    monkeypatch.setattr(out, "_width", 80)
    code, text, _ = run_cli(capsys, "weights", "status")
    assert code == 0
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    rows = weights_status(verify=False)
    table_lines = [line for line in lines if line.startswith("│")]
    for row in rows:
        assert any(line.startswith(f"│ {row.file.file_name} ") for line in table_lines), row
        if row.path.parent != cache_dir() and row.present:
            assert f"{row.file.file_name} is read from:" in text and str(row.path) in text
