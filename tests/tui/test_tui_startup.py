"""The terminal UI draws its first screen before the training stack (torch) is imported."""

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


def test_percae_tui_ends_its_process_once_the_app_returns(monkeypatch, tmp_path):
    """Quitting must not wait seconds for the interpreter to tear torch down."""
    import percae_tui.app as app_module

    ended: list[int] = []
    monkeypatch.setattr(app_module.PercaeApp, "run", lambda self: None)
    monkeypatch.setattr(app_module.os, "_exit", ended.append)
    app_module.main(["--home", str(tmp_path / "home")])
    assert ended == [0]
