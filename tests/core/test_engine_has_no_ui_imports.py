"""The engine never imports the terminal UI's toolkit (DESIGN.md: the engine/UI split)."""

import pkgutil
import subprocess
import sys

import percae_core


def engine_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(percae_core.__path__, "percae_core."):
        if not info.name.startswith("percae_core.cli") and not info.name.endswith("__main__"):
            names.append(info.name)
    return names


def test_importing_every_engine_module_loads_no_textual():
    code = (
        "import importlib, sys\n"
        f"for name in {engine_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'percae_tui'))\n"
        "print(loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
