"""The terminal UI draws its first screen, and its experiment form, before the training stack
(torch) is imported: torch takes seconds to import on a busy machine, and the form waited for it
("Loading the study's settings" for 5-10 s)."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
import percae_tui.app
print(json.dumps(sorted(m for m in ("torch", "torchvision", "gymnasium") if m in sys.modules)))
"""


def test_the_app_module_imports_no_training_library():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


FORM_PROBE = """
import json, sys
from pathlib import Path
from percae_core.paths import Home
from percae_tui.form_choices import load_form_choices
from percae_tui.widgets.queue.experiment_form import ExperimentForm
from percae_core.runner.plan import BenchRequest, requested_datasets
from percae_core.runner.executors import check_executor
from percae_core.runner.executors.options import ExecutorOptions
choices = load_form_choices(Home(Path(sys.argv[1])))
check_executor(ExecutorOptions())
requested_datasets(BenchRequest(datasets=(choices.datasets[0].name,), profile="smoke"))
print(json.dumps([len(choices.datasets), len(choices.loss_nets)]))
print(json.dumps(sorted(m for m in ("torch", "torchvision", "gymnasium") if m in sys.modules)))
"""


def test_the_form_and_its_check_of_a_request_import_no_training_library(tmp_path):
    """The form's choices (every dataset and loss network), the form itself and the check a
    queued item gets all come without torch; only the model-size check of a large z loads it."""
    result = subprocess.run(
        [sys.executable, "-c", FORM_PROBE, str(tmp_path / "home")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    counts, loaded = (json.loads(line) for line in result.stdout.strip().splitlines()[-2:])
    assert counts[0] >= 3 and counts[1] > 100
    assert loaded == []


def test_percae_tui_ends_its_process_once_the_app_returns(monkeypatch, tmp_path):
    """Quitting must not wait seconds for the interpreter to tear torch down."""
    import percae_tui.app as app_module

    ended: list[int] = []
    monkeypatch.setattr(app_module.PercaeApp, "run", lambda self: None)
    monkeypatch.setattr(app_module.os, "_exit", ended.append)
    app_module.main(["--home", str(tmp_path / "home")])
    assert ended == [0]
