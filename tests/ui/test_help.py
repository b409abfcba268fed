"""Help: the user guide in the interface language, and a shortcut list that matches the real keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stratplan.resources import resource_path
from stratplan.ui.dialogs.help_dialogs import GuideDialog, ShortcutsDialog, guide_html
from stratplan.ui.i18n import install_language
from stratplan.ui.main_window import MainWindow
from tests.ui.journey import action


def test_f1_opens_the_guide_in_the_interface_language(window: MainWindow, qtbot: QtBot, qapp: QApplication,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(GuideDialog, "ask", classmethod(lambda cls, parent, language: asked.append(language)))
    window.activateWindow()
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F1)
    assert asked == ["en"]
    install_language(qapp, "fr")
    try:
        action(window, "&User guide").trigger()
        assert asked[-1] == "fr"
    finally:
        install_language(qapp, "en")


@pytest.mark.parametrize(("language", "heading", "menu_words"), [
    ("en", "StratPlan user guide", "Sharing → Send changes"),
    ("lt", "StratPlan naudotojo vadovas", "Dalijimasis → Siųsti pakeitimus"),
    ("fr", "Guide de StratPlan", "Partage → Envoyer des modifications"),
    ("es", "Guía de StratPlan", "Compartir → Enviar cambios"),
])
def test_the_guide_exists_in_every_language_and_names_the_real_menus(
        language: str, heading: str, menu_words: str, qtbot: QtBot) -> None:
    dialog = GuideDialog(language)
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert text.startswith(heading) and menu_words in text
    # Every section of the English guide has its counterpart.
    count = guide_html("en").count("<h2>")
    assert count >= 8 and guide_html(language).count("<h2>") == count
    assert resource_path("guide", f"{language}.md").exists()


def test_a_language_without_a_guide_reads_the_english_one() -> None:
    assert guide_html("de") == guide_html("en")


def test_the_shortcut_list_is_the_menus_own(window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                                            qtbot: QtBot) -> None:
    shown: list[ShortcutsDialog] = []
    monkeypatch.setattr(ShortcutsDialog, "ask", classmethod(lambda cls, parent, rows: shown.append(cls(rows, parent))))
    action(window, "&Keyboard shortcuts").trigger()
    table = shown[0].table
    rows = {(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())}
    new = QKeySequence("Ctrl+N").toString(QKeySequence.SequenceFormat.NativeText)
    assert ("New plan point", new) in rows
    assert any(what == "Close the window" and "Esc" in keys for what, keys in rows)
    # Each row's keys really are the action's: change one and the list follows.
    action(window, "&New plan point").setShortcut(QKeySequence("Ctrl+Alt+J"))
    action(window, "&Keyboard shortcuts").trigger()
    table = shown[1].table
    assert any(table.item(r, 1).text() == "New plan point" and "J" in table.item(r, 2).text()
               for r in range(table.rowCount()))
