"""Peer-to-peer training on the demo, as the secretariat uses it: a need, its best partner, confirm, export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from stratplan.app import StratPlanApp
from stratplan.ui.settings import Settings
from tests.ui.journey import action, click

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def shell(qapp: QApplication, settings: Settings, shown_errors: list[str]) -> Iterator[StratPlanApp]:
    yield StratPlanApp(qapp, settings)


def test_pair_a_need_with_its_best_offer_and_export_the_plan(shell: StratPlanApp, qtbot: QtBot, tmp_path: Path,
                                                             shown_errors: list[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    assert shell.open(tmp_path / "demo.sqlite", demo_if_empty=True)
    main = shell.window
    assert main is not None
    main.show()
    action(main, "Peer-to-peer &training...").trigger()
    win = main.peer
    assert win is not None
    # The demo's secretariat has confirmed pairings already; the needs read as people write them.
    before = win.pairings.count()
    assert before >= 1
    win.tabs.setCurrentIndex(1)
    # A need that has a candidate and is not paired yet.
    for row in range(win.need_list.count()):
        item = win.need_list.item(row)
        qtbot.mouseClick(win.need_list.viewport(), Qt.MouseButton.LeftButton,
                         pos=win.need_list.visualItemRect(item).center())
        if win.candidates.rowCount():
            partner = win.candidates.item(0, 0).text()
            click(qtbot, win, "&Confirm this pairing")
            if win.pairings.count() > before:
                break
    assert shown_errors == [] or all("already confirmed" in e for e in shown_errors)
    assert win.pairings.count() == before + 1
    assert any(partner in win.pairings.item(r).text() for r in range(win.pairings.count()))
    out = tmp_path / "training.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    click(qtbot, win, "Export the &training plan...")
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert text.strip() and "training.docx" in win.statusBar().currentMessage()
