"""`percae --help` and the read-only commands start without the heavy libraries (torch,
gymnasium, textual): those load only inside the commands that compute."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("torch", "torchvision", "gymnasium", "textual")

PROBE = """
import json, sys
from percae_core.cli.app import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in {heavy} if m in sys.modules)), file=sys.stderr)
"""


def heavy_modules_after(args: list[str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(result.stderr.strip().splitlines()[-1])


# `bench --help` is not here: it lists the loss-network registry, whose modules load torch.
@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["data", "--help"],
        ["weights", "--help"],
        ["results", "--help"],
    ],
    ids=" ".join,
)
def test_help_imports_no_heavy_library(args):
    assert heavy_modules_after(args) == []


def test_results_reads_the_database_without_heavy_libraries(tmp_path):
    assert heavy_modules_after(["--home", str(tmp_path / "home"), "results"]) == []
