"""Imports point inward only: ui → services → storage → domain.

Parsed with ast, so an import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "handledare_app"
ENTRY_MODULES = {"__main__.py", "cli.py"}  # may start the window
# Which of our own layers each layer may import.
ALLOWED = {
    "domain": {"domain"},
    "storage": {"domain", "storage"},
    "services": {"domain", "storage", "services", "resources"},
    "ui": {"domain", "services", "ui", "resources"},
}


def _imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                rel = path.relative_to(PKG).parent.parts
                base = rel[: len(rel) - (node.level - 1)] if node.level > 1 else rel
                name = ".".join(["handledare_app", *base, *(node.module or "").split(".")])
                out.append((name.rstrip("."), node.lineno))
            elif node.module:
                out.append((node.module, node.lineno))
    return out


def _layer(path: Path) -> str | None:
    parts = path.relative_to(PKG).parts
    return parts[0] if len(parts) > 1 and parts[0] in ALLOWED else None


def _python_files() -> list[Path]:
    return sorted(PKG.rglob("*.py"))


def test_package_files_found() -> None:
    assert len(_python_files()) > 20


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(PKG)))
def test_layering(path: Path) -> None:
    rel = path.relative_to(PKG)
    layer = _layer(path)
    problems = []
    for name, line in _imports(path):
        top = name.split(".")[0]
        if top == "PySide6" and layer != "ui" and rel.name not in ENTRY_MODULES:
            problems.append(f"{rel}:{line} imports PySide6 outside ui/")
        if top in ("sqlalchemy", "alembic") and layer != "storage":
            problems.append(f"{rel}:{line} imports {top} outside storage/")
        if top == "handledare_app" and layer is not None:
            target = name.split(".")[1] if "." in name else ""
            target = target.removesuffix(".py")
            if target and target not in ALLOWED[layer] and target not in ("__init__",):
                problems.append(f"{rel}:{line} ({layer}) imports handledare_app.{target}")
        if layer == "domain" and top not in _stdlib() and top != "handledare_app":
            problems.append(f"{rel}:{line} domain imports non-stdlib {top}")
    assert not problems, "\n".join(problems)


def _stdlib() -> frozenset[str]:
    import sys

    return frozenset(sys.stdlib_module_names) | {"__future__"}


def test_checker_catches_violation(tmp_path: Path) -> None:
    """The test itself must be able to fail."""
    fake = PKG / "services" / "_layer_probe.py"
    fake.write_text("import sqlalchemy\nfrom ..ui import app\n", encoding="utf-8")
    try:
        with pytest.raises(AssertionError) as err:
            test_layering(fake)
        assert "sqlalchemy outside storage" in str(err.value)
        assert "imports handledare_app.ui" in str(err.value)
    finally:
        fake.unlink()
