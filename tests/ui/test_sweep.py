"""Every enabled action and button of every window, pressed once on the demo with every dialog cancelled.

A new user tries everything; none of it may raise, crash or show an unexpected error. Refusals
that say what to do (a core error such as "this coalition is not set up for sharing") are
messages, not failures; anything else reaching the error box is.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from stratplan.app import StratPlanApp
from stratplan.core.errors import StratplanError
from stratplan.ui import errors
from stratplan.ui.i18n import install_language
from stratplan.ui.settings import Settings
from tests.ui.journey import plain
from tests.ui.windows_in_language import every_tab, open_every_window

# Actions that end the session or the window under test rather than try a feature.
LEAVE = {"Quit", "Close", "Close window"}


@pytest.fixture
def cancelled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[BaseException]]:
    """Every dialog answers Cancel / No / nothing; the errors shown are collected."""
    shown: list[BaseException] = []
    monkeypatch.setattr(errors, "show_error", lambda _parent, exc: shown.append(exc))
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Rejected.value)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Cancel.value)
    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.StandardButton.Cancel))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda *a, **k: None))
    for name in ("getOpenFileName", "getSaveFileName"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([], "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("", False)))
    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: ("", False)))
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (0, False)))
    yield shown


@pytest.fixture
def shell(qapp: QApplication, settings: Settings) -> Iterator[StratPlanApp]:
    app = StratPlanApp(qapp, settings)
    yield app
    install_language(qapp, "en")


def menu_actions(top: QWidget) -> list[QAction]:
    found: list[QAction] = []

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            if isinstance(action.menu(), QMenu):
                walk(action.menu())
            elif not action.isSeparator():
                found.append(action)

    bar = getattr(top, "menuBar", None)
    if callable(bar):
        for action in bar().actions():
            if isinstance(action.menu(), QMenu):
                walk(action.menu())
    return found


def unexpected(shown: list[BaseException]) -> list[str]:
    return [f"{type(e).__name__}: {e}" for e in shown if not isinstance(e, StratplanError)]


@pytest.mark.qt_log_ignore("propagateSizeHints", "raise()", "This plugin does not support")
def test_every_action_and_button_of_every_window(shell: StratPlanApp, qapp: QApplication, qtbot: QtBot,
                                                 tmp_path: Path, cancelled: list[BaseException]) -> None:
    windows = open_every_window(shell, qapp, tmp_path / "demo.sqlite")
    main = windows[0]
    table = main.table  # type: ignore[attr-defined]
    table.selectRow(0)  # with a plan point open, as a user has most of the time
    qapp.processEvents()
    pressed: list[str] = []
    for top in windows:
        name = type(top).__name__
        for action in menu_actions(top):
            if plain(action.text()) in LEAVE or not action.isEnabled():
                continue
            action.trigger()
            qapp.processEvents()
            pressed.append(f"{name}: {plain(action.text())}")
            assert unexpected(cancelled) == [], pressed[-1]
        if top is main:
            table.selectRow(0)  # the menu sweep deleted and rebuilt: open a point again, as a user would
            qapp.processEvents()
        for _page in every_tab(top):
            for button in top.findChildren(QAbstractButton):
                if button.window() is not top or not button.isVisibleTo(top) or not button.isEnabled():
                    continue
                if plain(button.text()) in LEAVE or type(button).__name__ == "QToolButton" and not button.text():
                    continue
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
                qapp.processEvents()
                pressed.append(f"{name}: [{plain(button.text())}]")
                assert unexpected(cancelled) == [], pressed[-1]
        assert top.isVisible() or name != "MainWindow", f"{name} closed itself"
    # The sweep really went through the windows: menus of the main window and buttons of the tools.
    assert len(pressed) > 60, pressed
    for expected in ("MainWindow: New plan point", "MainWindow: About StratPlan",
                     "ProgrammeWindow: [Create release]", "PeerWindow: [Add as a need]",
                     "MainWindow: [Save]", "MainWindow: [Post comment]"):
        assert expected in pressed, sorted(pressed)
