"""Test-wide set-up: headless Qt, and a private StratPlan home per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def stratplan_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Keys, settings and default store live in a fresh folder for every test."""
    home = tmp_path / "home"
    monkeypatch.setenv("STRATPLAN_HOME", str(home))
    monkeypatch.delenv("STRATPLAN_PASSPHRASE", raising=False)
    yield home
