"""Locating StratPlan's shipped files (translations, templates, demo data).

The top-level `resources/` folder of the source tree is installed as the package
`stratplan._resources`: setup.py maps it for the wheel and the editable install, build.spec
for the frozen app. Every install therefore finds it the same way, through importlib.resources.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE = "stratplan._resources"


def resource_root() -> Path:
    """The resources folder that belongs to this copy of StratPlan."""
    try:
        root = resources.files(PACKAGE)
    except ModuleNotFoundError:
        # A source checkout run without installing it (not even `pip install -e .`).
        return Path(__file__).resolve().parent.parent / "resources"
    if not isinstance(root, Path):  # a zipped install, which neither the wheel nor build.spec makes
        raise RuntimeError(f"StratPlan's resources must be installed as files, not inside {root}.")
    return root


def resource_path(*parts: str) -> Path:
    """A file or folder under the resources folder, e.g. resource_path("demo", "coalition.json")."""
    return resource_root().joinpath(*parts)
