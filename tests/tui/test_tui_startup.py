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
