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


def probe(args: list[str]) -> tuple[str, list[str]]:
    """What the command printed, and which heavy libraries it had loaded when it ended."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout, json.loads(result.stderr.strip().splitlines()[-1])


def heavy_modules_after(args: list[str]) -> list[str]:
    return probe(args)[1]


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["bench", "--help"],
        ["data", "--help"],
        ["weights", "--help"],
        ["results", "--help"],
    ],
    ids=" ".join,
)
def test_help_imports_no_heavy_library(args):
    assert heavy_modules_after(args) == []


def test_results_reads_the_database_without_heavy_libraries(tmp_path):
    """A home with a finished cell in its database: the records are printed, no heavy import."""
    from percae_core.paths import Home
    from percae_core.results.db import ResultsDB
    from percae_core.results.rows import FitRow

    home = Home(tmp_path / "home").ensure()
    cell = {"config_hash": "h", "dataset": "lunarlander", "variant": "ae", "z": 32, "seed": 0}
    with ResultsDB.open(home.database) as db:
        cell_id = db.cells.upsert(db.cells.create_experiment({}), {**cell, "config": {}})
        db.cells.record_fit(cell_id, FitRow(epochs_run=2, seconds=3.0))
        db.cells.record_predictor(cell_id, "mlp", "mlp 32", 0.2, "distance_px", 9.25)
        db.cells.set_status(cell_id, "done")
    printed, heavy = probe(["--home", str(home.root), "results", "--format", "json"])
    assert heavy == []
    (record,) = json.loads(printed)
    assert (record["dataset"], record["variant"], record["value"]) == ("lunarlander", "ae", 9.25)


def test_data_status_lists_the_datasets_without_heavy_libraries(tmp_path):
    from percae_core.data.catalog import dataset_descriptions

    printed, heavy = probe(["--home", str(tmp_path / "home"), "data", "status"])
    assert heavy == []
    for description in dataset_descriptions():
        assert f"({description.name}): not prepared" in printed


def test_weights_status_lists_the_files_without_heavy_libraries(tmp_path, monkeypatch):
    from percae_core.models.weights import PRETRAINED_FILES

    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.setenv("COLUMNS", "200")
    printed, heavy = probe(["weights", "status"])
    assert heavy == []
    for file in PRETRAINED_FILES.values():
        assert file.file_name in printed
