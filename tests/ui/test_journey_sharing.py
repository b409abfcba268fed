"""Sharing from the menu, as a director meets it first: what cannot be done is said before any file dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from stratplan.ui.main_window import MainWindow
from stratplan.ui.settings import Settings
from tests.sync.laptops import coalition_of_three
from tests.ui.journey import action


def test_send_changes_on_an_unshared_store_says_why_before_asking_for_a_file(
        window: MainWindow, shown_errors: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[object] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or ("", ""))
    action(window, "&Send changes...").trigger()
    assert asked == []
    assert shown_errors and "not set up for sharing" in shown_errors[-1]


def test_send_changes_on_a_shared_store_writes_the_bundle_and_says_where(
        qtbot: QtBot, tmp_path: Path, settings: Settings, shown_errors: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from stratplan.ui.dialogs.sharing_dialogs import SendDialog

    a, b, c = coalition_of_three(tmp_path)
    try:
        win = MainWindow(a.ws, settings)
        qtbot.addWidget(win)
        win.show()
        target = tmp_path / "to-beta.stratplan"
        monkeypatch.setattr(SendDialog, "ask", classmethod(lambda cls, peers, parent=None: ""))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        action(win, "&Send changes...").trigger()
        assert shown_errors == []
        assert target.stat().st_size > 0
        assert "to-beta.stratplan" in win.statusBar().currentMessage()
        b.receive(target)
        win.close()
    finally:
        for x in (a, b, c):
            x.close()
