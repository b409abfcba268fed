"""Where StratPlan keeps its files: one data folder per user, overridable for tests."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "StratPlan"


def data_dir() -> Path:
    """The per-user data folder; STRATPLAN_HOME moves it (tests, portable installs)."""
    override = os.environ.get("STRATPLAN_HOME")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_store_path() -> Path:
    """The store opened when no --db is given."""
    return data_dir() / "stratplan.sqlite"


def key_dir() -> Path:
    """The folder holding this installation's device key."""
    return data_dir() / "keys"
