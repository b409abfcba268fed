"""Layering: the core works without Qt (proved by hiding PySide6), the UI reads the store only
through services, and sync sits below the services."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import stratplan
import stratplan.core

PACKAGE_ROOT = Path(stratplan.__file__).parent

BLOCKER = """
import sys, importlib.abc
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6'):
            raise ImportError('PySide6 is not available here')
        return None
sys.meta_path.insert(0, Block())
import importlib, pkgutil, stratplan.core
names = [m.name for m in pkgutil.walk_packages(stratplan.core.__path__, 'stratplan.core.')
         if '.migrations' not in m.name]
for n in names:
    importlib.import_module(n)
print(len(names))
"""


def test_every_core_module_imports_without_pyside6() -> None:
    out = subprocess.run([sys.executable, "-c", BLOCKER], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    expected = [m for m in pkgutil.walk_packages(stratplan.core.__path__, "stratplan.core.")
                if ".migrations" not in m.name]
    assert int(out.stdout.strip()) == len(expected) > 10


def test_no_core_source_mentions_qt() -> None:
    root = Path(stratplan.core.__file__).parent
    offenders = [p for p in root.rglob("*.py") if "PySide6" in p.read_text(encoding="utf-8")]
    assert offenders == []


def _imports(path: Path) -> set[str]:
    """Every module a source file imports (absolute names; relative imports resolved)."""
    package = ".".join(path.with_suffix("").relative_to(PACKAGE_ROOT.parent).parts[:-1])
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            # `from stratplan.core import db` imports the sub-package too.
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _offenders(layer: str, forbidden: str) -> list[str]:
    root = PACKAGE_ROOT.joinpath(*layer.split(".")[1:])
    found = {str(p.relative_to(PACKAGE_ROOT.parent)): sorted(name for name in _imports(p)
                                                            if name == forbidden or name.startswith(forbidden + "."))
             for p in root.rglob("*.py")}
    return sorted(f"{path} imports {names[0]}" for path, names in found.items() if names)


def test_the_ui_reads_the_store_only_through_services() -> None:
    # Windows get frozen data from services; an ORM row in the UI would tie it to the schema.
    assert _offenders("stratplan.ui", "stratplan.core.db") == []


def test_sync_sits_below_the_services() -> None:
    # Services (sharing, ...) use sync; the other way round would make a cycle of layers.
    assert _offenders("stratplan.core.sync", "stratplan.core.services") == []


def test_the_layering_check_sees_imports() -> None:
    # The check itself must not pass vacuously: the services do import the database layer.
    assert _offenders("stratplan.core.services", "stratplan.core.db")
