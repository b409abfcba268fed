"""The core must work on a machine without Qt: prove it by hiding PySide6."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import stratplan.core

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
