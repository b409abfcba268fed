"""The consolidation window: suggestions with shared passages, merge, undo."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from stratplan.core.services import groups, proposals
from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from tests.ui.consolidation_wait import found

TEXT = ("Train police officers in every region to identify victims of trafficking early, with survivors "
        "as co-trainers, and refer them to specialised shelters within 24 hours.")


def test_find_compare_merge_and_undo(window: MainWindow, small_workspace: Workspace, qtbot: QtBot) -> None:
    w = small_workspace.writer
    with small_workspace.store.transaction() as s:
        gid = groups.list_groups(s)[0].id
        a = proposals.create_proposal(s, writer=w, group_id=gid, fields={
            "title": "Police training on identifying victims", "body": TEXT}).id
        b = proposals.create_proposal(s, writer=w, group_id=gid, fields={
            "title": "Training police to identify victims", "body": TEXT.replace("every region", "each region")}).id
    window.show_consolidation()
    win = window.consolidation
    assert win is not None
    found(qtbot, win)
    assert win.list.count() >= 1
    row = next(i for i, sug in enumerate(win.suggestions) if {a, b} <= set(sug.group.ids))
    win.list.setCurrentRow(row)
    win.target.setCurrentIndex(win.target.findData(a))
    win.source.setCurrentIndex(win.source.findData(b))
    assert "#ffe58f" in win.left.toHtml() or "ffe58f" in win.left.toHtml()  # shared passages marked
    win.field.setCurrentIndex(win.field.findData("title"))
    win.take_button.click()
    assert win.editor.title.text() == "Training police to identify victims"
    win.editor.title.setText("Police training: identifying victims")
    assert win.merge()
    with small_workspace.store.transaction() as s:
        listed = {p.id: (p.title, p.status) for p in proposals.list_proposals(s)}
    assert listed[a] == ("Police training: identifying victims", "draft") and listed[b][1] == "merged"
    assert window.list_model.row_of(a) >= 0  # the main list was refreshed
    win.merges.setCurrentRow(0)
    assert win.undo_merge()
    with small_workspace.store.transaction() as s:
        assert {p.id: p.status for p in proposals.list_proposals(s)}[b] == "draft"
