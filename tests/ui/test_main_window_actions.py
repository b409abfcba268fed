"""Each user action in the main window: one transaction, no list reset, selection kept."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import event, select

from stratplan.core.db.models import SyncOp
from stratplan.core.oplog.ops import create_op
from stratplan.core.oplog.writer import store_ops
from stratplan.core.services import groups, proposals
from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from stratplan.ui.settings import Settings


@dataclass
class Counter:
    transactions: int = 0
    resets: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.transactions = 0
        self.resets.clear()


@pytest.fixture
def counted(window: MainWindow, small_workspace: Workspace) -> Iterator[Counter]:
    counter = Counter()

    def began(_conn: object) -> None:
        counter.transactions += 1

    engine = small_workspace.store.engine
    event.listen(engine, "begin", began)
    window.list_model.modelReset.connect(lambda: counter.resets.append("list"))
    window.group_model.modelReset.connect(lambda: counter.resets.append("groups"))
    yield counter
    event.remove(engine, "begin", began)


def row_of(window: MainWindow, title: str) -> int:
    for row in range(window.list_model.rowCount()):
        summary = window.list_model.proposal_at(row)
        if summary is not None and summary.title == title:
            return row
    raise AssertionError(f"{title} not listed")


def click_row(window: MainWindow, qtbot: QtBot, row: int) -> None:
    """Click the Title cell of a row, as a director does."""
    rect = window.table.visualRect(window.list_model.index(row, 0))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_opening_a_point_is_one_read(window: MainWindow, qtbot: QtBot, counted: Counter) -> None:
    click_row(window, qtbot, row_of(window, "Exit programme"))
    assert window.editor.title.text() == "Exit programme"
    assert counted.transactions == 1
    assert counted.resets == []


def test_saving_is_one_transaction_and_keeps_the_row_selected(
        window: MainWindow, qtbot: QtBot, counted: Counter, small_workspace: Workspace) -> None:
    click_row(window, qtbot, row_of(window, "Exit programme"))
    counted.clear()
    window.editor.title.clear()
    qtbot.keyClicks(window.editor.title, "Exit programme for survivors")
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert window.save_state.text() == "All changes saved"
    assert counted.transactions == 1
    assert counted.resets == []
    row = row_of(window, "Exit programme for survivors")
    assert window.table.currentIndex().row() == row
    assert window.history.model.rowCount() == 2
    with small_workspace.store.transaction() as s:
        assert "Exit programme for survivors" in {p.title for p in proposals.list_proposals(s)}


def test_undo_is_one_transaction(window: MainWindow, qtbot: QtBot, counted: Counter) -> None:
    click_row(window, qtbot, row_of(window, "Exit programme"))
    window.editor.title.clear()
    qtbot.keyClicks(window.editor.title, "Changed title")
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    counted.clear()
    window.undo_action.trigger()
    assert window.editor.title.text() == "Exit programme"
    assert window.list_model.proposal_at(window.table.currentIndex().row()).title == "Exit programme"  # type: ignore[union-attr]
    assert counted.transactions == 1
    assert counted.resets == []


def test_one_autosave_tick_is_one_transaction(window: MainWindow, qtbot: QtBot, counted: Counter) -> None:
    click_row(window, qtbot, row_of(window, "Exit programme"))
    qtbot.keyClicks(window.editor.title, " (draft)")
    counted.clear()
    window._autosave.timeout.emit()
    assert counted.transactions == 1
    assert counted.resets == []


def test_a_new_point_and_a_comment_are_one_transaction_each(
        window: MainWindow, qtbot: QtBot, counted: Counter) -> None:
    window.new_action.trigger()
    assert window.editor.title.text() == "Untitled plan point"
    assert window.list_model.rowCount() == 4
    assert counted.transactions == 1
    assert counted.resets == []
    counted.clear()
    window.tabs.setCurrentWidget(window.comments)
    qtbot.keyClicks(window.comments.text, "Who pays for this?")
    qtbot.mouseClick(window.comments.post_button, Qt.MouseButton.LeftButton)
    assert window.comments.model.rowCount() == 1
    assert counted.transactions == 1


def test_a_refused_undo_leaves_stack_and_store_in_agreement(
        window: MainWindow, qtbot: QtBot, small_workspace: Workspace, shown_errors: list[str]) -> None:
    click_row(window, qtbot, row_of(window, "Exit programme"))
    window.editor.title.clear()
    qtbot.keyClicks(window.editor.title, "Saved title")
    qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    assert window.undo_stack.canUndo()

    def read_only(conn: object) -> None:
        conn.exec_driver_sql("PRAGMA query_only = ON")  # type: ignore[attr-defined]

    engine = small_workspace.store.engine
    event.listen(engine, "begin", read_only)
    try:
        window.undo_action.trigger()
    finally:
        event.remove(engine, "begin", read_only)
        engine.dispose()  # the pooled connection would keep the pragma
    assert shown_errors, "the refusal is shown"
    # The step did not happen, so it is no longer on the stack (neither undo nor redo).
    assert not window.undo_stack.canUndo()
    assert not window.undo_stack.canRedo()
    assert window.editor.title.text() == "Saved title"
    with small_workspace.store.transaction() as s:
        assert "Saved title" in {p.title for p in proposals.list_proposals(s)}


def test_a_laptop_restored_from_a_backup_is_told_in_the_window(
        qtbot: QtBot, small_workspace: Workspace, settings: Settings) -> None:
    """Two changes with one laptop's number (a restored backup) are both kept, and said so."""
    ws = small_workspace
    with ws.store.transaction() as s:
        group = groups.list_groups(s)[0].id
        first = s.scalar(select(SyncOp.body).where(SyncOp.device == ws.identity.device_id,
                                                   SyncOp.kind == "proposal.revise").order_by(SyncOp.seq))
        assert first is not None
        seq = json.loads(first)["seq"]
        twin = create_op(ws.identity, kind="proposal.revise", entity="f" * 32, coalition=ws.profile.coalition_id,
                         org=ws.profile.org_id, author=ws.profile.person_id, seq=seq, hlc=ws.writer.clock.now(),
                         payload={"fields": {"title": "Written after the restore", "group": group}})
        store_ops(s, [twin])
    win = MainWindow(ws, settings)
    qtbot.addWidget(win)
    titles = {win.list_model.proposal_at(r).title for r in range(win.list_model.rowCount())}  # type: ignore[union-attr]
    assert {"Written after the restore", "Training for police"} <= titles  # both sides count
    assert "restored from a backup" in win.notices.text()
    assert not win.notices.isHidden()
