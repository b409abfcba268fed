"""A working group consolidates by pressing the window's buttons: find, compare, merge, then undo at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stratplan.core.services import groups, proposals
from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from tests.ui.consolidation_wait import found
from tests.ui.journey import action, click

TEXT = ("Train police officers in every region to identify victims of trafficking early, with survivors "
        "as co-trainers, and refer them to specialised shelters within 24 hours.")


def statuses(ws: Workspace) -> dict[str, str]:
    with ws.store.transaction() as s:
        return {p.id: p.status for p in proposals.list_proposals(s)}


def test_merge_then_undo_from_the_notice(window: MainWindow, small_workspace: Workspace, qtbot: QtBot,
                                         shown_errors: list[str]) -> None:
    w = small_workspace.writer
    with small_workspace.store.transaction() as s:
        gid = groups.list_groups(s)[0].id
        a = proposals.create_proposal(s, writer=w, group_id=gid, fields={
            "title": "Police training on identifying victims", "body": TEXT}).id
        b = proposals.create_proposal(s, writer=w, group_id=gid, fields={
            "title": "Training police to identify victims", "body": TEXT.replace("every region", "each region")}).id
    action(window, "&Consolidation (overlaps and merges)...").trigger()
    win = window.consolidation
    assert win is not None
    click(qtbot, win, "&Find overlaps")
    found(qtbot, win)
    assert not win.empty_note.isVisible()
    row = next(i for i, sug in enumerate(win.suggestions) if {a, b} <= set(sug.group.ids))
    item = win.list.item(row)
    qtbot.mouseClick(win.list.viewport(), Qt.MouseButton.LeftButton, pos=win.list.visualItemRect(item).center())
    win.target.setCurrentIndex(win.target.findData(a))
    click(qtbot, win, "&Merge the others into the target")
    assert shown_errors == []
    assert statuses(small_workspace)[b] == "merged"
    assert win.merge_notice.isVisible() and "can be undone" in win.merge_notice.text()
    click(qtbot, win, "Undo &this merge")
    assert statuses(small_workspace)[b] == "draft"
    assert not win.merge_notice.isVisible() and not win.undo_last_button.isVisible()


def test_nothing_to_consolidate_is_said(window: MainWindow, qtbot: QtBot) -> None:
    action(window, "&Consolidation (overlaps and merges)...").trigger()
    win = window.consolidation
    assert win is not None
    click(qtbot, win, "&Find overlaps")
    found(qtbot, win)
    # The three points of the small store say different things.
    assert win.list.count() == 0
    assert win.empty_note.isVisible() and "No possible duplicates" in win.empty_note.text()


def test_a_large_group_is_one_readable_line(window: MainWindow, small_workspace: Workspace, qtbot: QtBot) -> None:
    # Six copies of one point (a store of near-copies): the line names three and counts the rest,
    # and the pair list below still shows every pair of the group.
    with small_workspace.store.transaction() as s:
        gid = groups.list_groups(s)[0].id
        for n in range(6):
            proposals.create_proposal(s, writer=small_workspace.writer, group_id=gid, fields={
                "title": f"Police training on identifying victims #{n}", "body": TEXT})
    action(window, "&Consolidation (overlaps and merges)...").trigger()
    win = window.consolidation
    assert win is not None
    click(qtbot, win, "&Find overlaps")
    found(qtbot, win)
    members = len(win.suggestions[0].group.ids)
    assert members >= 6
    line = win.list.item(0).text()
    assert line.count(" / ") == 2, line  # three titles named
    assert line.endswith(f" and {members - 3} more"), line
    assert win.pairs.count() == members * (members - 1) // 2
