"""House rule: no engine function body is over 80 lines (signature and docstring excluded)."""

from __future__ import annotations

import ast
from pathlib import Path

import percae_core

LIMIT = 80
ENGINE = Path(percae_core.__file__).parent


def _body_lines(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    body = function.body
    has_docstring = (
        isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    )
    statements = body[1:] if has_docstring and len(body) > 1 else body
    return (function.end_lineno or statements[-1].lineno) - statements[0].lineno + 1


def long_functions(root: Path, limit: int = LIMIT) -> list[str]:
    """ "path:line name (N lines)" for every function under ``root`` whose body is over ``limit``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = _body_lines(node)
                if lines > limit:
                    found.append(f"{path.relative_to(root)}:{node.lineno} {node.name} ({lines})")
    return found


def test_the_walk_finds_a_long_body_and_skips_the_docstring(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(LIMIT))
    (tmp_path / "m.py").write_text(
        f'def fits():\n    """Doc\n\n    more doc."""\n{body}\n\n'
        f"def too_long(\n    a: int,\n) -> None:\n{body}\n    return None\n"
    )
    assert long_functions(tmp_path) == [f"m.py:{LIMIT + 6} too_long ({LIMIT + 1})"]


def test_no_engine_function_body_is_over_80_lines() -> None:
    assert long_functions(ENGINE) == []
