"""Modules that load on first use, so the window can show before SQLAlchemy and the services load."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy(name: str) -> ModuleType:
    """The module `name`, executed only when one of its attributes is first read.

    The window's modules name the services they call at their top; most of those calls come
    after the first paint. A module already imported is returned as it is.
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(f"no module named {name!r}", name=name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        # As `import a.b` does: the package names its submodule.
        setattr(sys.modules[parent], child, module)
    return module
