"""The figures and the report use other modules through their public names only: a private
name (``_x``) imported from another module breaks silently when that module is refactored."""

from __future__ import annotations

import ast
from pathlib import Path

import percae_core

PACKAGES = ("figures", "report")


def _private(name: str) -> bool:
    """``_x`` is private; dunders such as ``__version__`` are public."""
    return name.startswith("_") and not name.endswith("__")


def _private_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found += [f"from {node.module} import {a.name}" for a in node.names if _private(a.name)]
        elif isinstance(node, ast.Import):
            found += [
                f"import {a.name}" for a in node.names if any(map(_private, a.name.split(".")))
            ]
    return found


def test_figures_and_report_import_no_private_names():
    root = Path(percae_core.__file__).parent
    files = [path for package in PACKAGES for path in sorted((root / package).glob("*.py"))]
    assert len(files) > 10
    offenders = [f"{path.name}: {line}" for path in files for line in _private_imports(path)]
    assert offenders == []
