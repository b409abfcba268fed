"""History and comments of a plan point, through the tabs, the lists and the buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stratplan.core.services import comments, proposals
from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from tests.ui.journey import click


def test_compare_restore_and_discuss(window: MainWindow, small_workspace: Workspace, qtbot: QtBot,
                                     shown_errors: list[str]) -> None:
    with small_workspace.store.transaction() as s:
        pid = proposals.list_proposals(s)[0].id
        proposals.revise_proposal(s, writer=small_workspace.writer, proposal_id=pid,
                                  changes={"summary": "Second wording of the summary."})
    window.load_list()
    cell = window.list_model.index(window.list_model.row_of(pid), 0)
    window.table.scrollTo(cell)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=window.table.visualRect(cell).center())
    assert window.current_id == pid
    qtbot.keyClick(window.tabs, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)  # Histor&y
    history = window.history
    assert window.tabs.currentWidget() is history
    model = history.list.model()
    assert model.rowCount() == 2
    oldest = model.index(model.rowCount() - 1, 0)
    qtbot.mouseClick(history.list.viewport(), Qt.MouseButton.LeftButton, pos=history.list.visualRect(oldest).center())
    assert "Second wording" in history.right.toPlainText() or "Second wording" in history.left.toPlainText()
    click(qtbot, window, "&Restore this revision")
    assert shown_errors == []
    with small_workspace.store.transaction() as s:
        assert proposals.get_proposal(s, pid).fields["summary"] != "Second wording of the summary."
    # Comments: type, post, and the list shows it; an empty one is refused with a message.
    qtbot.wait(20)
    qtbot.keyClick(window.tabs, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    box = window.comments
    qtbot.wait(20)
    assert window.tabs.currentWidget() is box, window.tabs.tabText(window.tabs.currentIndex())
    click(qtbot, window, "P&ost comment")
    assert shown_errors and "empty" in shown_errors[-1]
    assert window.tabs.currentWidget() is box  # the message does not take the user elsewhere
    box.text.setFocus()
    qtbot.keyClicks(box.text, "Could we add the regional police academies?")
    click(qtbot, window, "P&ost comment")
    with small_workspace.store.transaction() as s:
        assert [c.text for c in comments.list_comments(s, proposal_id=pid)] == \
            ["Could we add the regional police academies?"]
    assert box.list.model().rowCount() == 1 and box.text.toPlainText() == ""
