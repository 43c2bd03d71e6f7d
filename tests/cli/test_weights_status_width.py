"""`percae weights status` at 80 columns: no Path column (it wrapped every row into 6-7 lines):
each file's name whole on the line that starts its row, the networks needing it below it, no
line wider than the terminal except a path or URL, kept whole on a line of its own so that it
can be copied (a checkout at a deep path has longer ones); a file read from outside the folder
in the title is named under the table, its path on its own line."""

from __future__ import annotations

from cli_invocation import run_cli

from percae_core.cli.console import out
from percae_core.models.weights import cache_dir, weights_status


def test_every_file_name_is_whole_on_one_line_at_80_columns(capsys, monkeypatch):
    monkeypatch.setattr(out, "_width", 80)
    code, text, _ = run_cli(capsys, "weights", "status")
    assert code == 0
    lines = text.splitlines()
    rows = weights_status(verify=False)
    whole_on_purpose = {str(row.path) for row in rows} | {row.file.url for row in rows}
    too_wide = [line for line in lines if len(line) > 80 and line.strip() not in whole_on_purpose]
    assert not too_wide, too_wide
    table_lines = [line for line in lines if line.startswith("│")]
    for row in rows:
        assert any(line.startswith(f"│ {row.file.file_name} ") for line in table_lines), row
        if row.path.parent != cache_dir() and row.present:
            assert f"{row.file.file_name} is read from:" in text and str(row.path) in text
