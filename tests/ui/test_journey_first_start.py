"""First start as a new director would do it: a Cancel on the way goes back to the choice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from stratplan.app import StratPlanApp
from stratplan.ui.dialogs.new_coalition import NewCoalitionDialog
from stratplan.ui.dialogs.welcome import WelcomeDialog
from stratplan.ui.settings import Settings

NEW = {"name": "Koalicija", "org_name": "Centras", "org_code": "CNT", "country": "LT", "language": "lt",
       "person_name": "Rūta"}


@pytest.fixture
def app(qapp: QApplication, settings: Settings, shown_errors: list[str]) -> Iterator[StratPlanApp]:
    shell = StratPlanApp(qapp, settings)
    yield shell
    if shell.window is not None:
        shell.window.close()
    if shell.workspace is not None:
        shell.workspace.close()


def answers(monkeypatch: pytest.MonkeyPatch, cls: type, replies: list[Any]) -> list[Any]:
    """Make `cls.ask` give `replies` one after the other; returns the list of calls seen."""
    seen: list[Any] = []

    def ask(_cls: type, *args: Any, **kwargs: Any) -> Any:
        seen.append(args)
        return replies.pop(0)

    monkeypatch.setattr(cls, "ask", classmethod(ask))
    return seen


def test_cancel_in_new_coalition_goes_back_to_the_welcome_choice(
        app: StratPlanApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    welcomes = answers(monkeypatch, WelcomeDialog, ["new", "new"])
    answers(monkeypatch, NewCoalitionDialog, [None, NEW])
    assert app.open(tmp_path / "new.sqlite")
    assert len(welcomes) == 2  # the welcome came back after Cancel instead of quitting
    assert app.window is not None and app.window.windowTitle().startswith("Koalicija")


def test_cancel_then_closing_the_welcome_opens_nothing(
        app: StratPlanApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    welcomes = answers(monkeypatch, WelcomeDialog, ["new", ""])
    answers(monkeypatch, NewCoalitionDialog, [None])
    assert not app.open(tmp_path / "x.sqlite")
    assert len(welcomes) == 2 and app.window is None


def test_cancel_in_open_another_store_goes_back(app: StratPlanApp, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    welcomes = answers(monkeypatch, WelcomeDialog, ["open", "demo"])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    assert app.open(tmp_path / "d.sqlite")
    assert len(welcomes) == 2 and app.window is not None and app.window.list_model.total > 0
