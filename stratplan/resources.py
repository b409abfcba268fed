"""Locating the files in resources/ from a source tree, an installed package or a frozen app."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_root() -> Path:
    """The resources/ folder that belongs to this copy of StratPlan."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)
