"""A director drafts by keyboard: new point, typed fields, save, delete (the next one opens), undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stratplan.core.services import proposals
from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from tests.ui.journey import action


def titles(ws: Workspace) -> list[str]:
    with ws.store.transaction() as s:
        return sorted(p.title for p in proposals.list_proposals(s))


def test_draft_save_delete_and_undo_with_the_keyboard(window: MainWindow, small_workspace: Workspace,
                                                      qtbot: QtBot, shown_errors: list[str]) -> None:
    before = titles(small_workspace)
    action(window, "&New plan point").trigger()
    editor = window.editor
    assert editor.title.hasFocus() or editor.title.selectedText()  # ready to type over
    qtbot.keyClicks(editor.title, "Hotline for survivors")
    qtbot.keyClick(editor.title, Qt.Key.Key_Tab)           # on to the summary, by keyboard
    qtbot.keyClicks(window.focusWidget(), "A free line, open at night.")
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert shown_errors == []
    assert titles(small_workspace) == sorted([*before, "Hotline for survivors"])
    # Delete it: the window opens the neighbouring point instead of leaving an empty editor.
    action(window, "&Delete plan point").trigger()
    assert titles(small_workspace) == before
    assert window.current_id is not None and editor.isEnabled()
    assert editor.title.text() in before
    # Undo brings it back, and says what it undoes.
    assert "Delete plan point" in window.undo_action.text()
    window.undo_action.trigger()
    assert titles(small_workspace) == sorted([*before, "Hotline for survivors"])
