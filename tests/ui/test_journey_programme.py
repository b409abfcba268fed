"""The convener arranges the programme and makes two releases; a director adapts and exports a local plan.

Everything through the real buttons, keys and menu actions; dialogs answered only at their ask() seams.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from stratplan.core.services import programme, proposals
from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from stratplan.ui.programme.release_dialog import ReleaseChoice, ReleaseDialog
from stratplan.ui.programme.window import ProgrammeWindow
from stratplan.ui.widgets.text_prompt import TextPrompt
from tests.ui.journey import action, click

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What the user types into the next text prompts, in order."""
    queue: list[str] = []
    monkeypatch.setattr(TextPrompt, "ask", classmethod(lambda cls, parent, title, label, text="": queue.pop(0)))
    yield queue
    assert queue == [], "prompts expected but not shown"


@pytest.fixture
def prog(window: MainWindow, small_workspace: Workspace) -> ProgrammeWindow:
    with small_workspace.store.transaction() as s:
        for p in proposals.list_proposals(s):
            proposals.revise_proposal(s, writer=small_workspace.writer, proposal_id=p.id,
                                      changes={"status": "adopted"})
    action(window, "&Programme and local plan...").trigger()
    assert window.programme is not None and window.programme.isVisible()
    return window.programme


def click_item(qtbot: QtBot, tree: QTreeWidget, item: QTreeWidgetItem) -> None:
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())


def stored_layout(ws: Workspace) -> list[tuple[str, list[str]]]:
    with ws.store.transaction() as s:
        layout = programme.get_layout(s)
    return [(sec.title, [p.title for p in sec.points]) for sec in layout.sections]


def test_arrange_two_releases_and_a_local_plan_with_buttons_and_keys(
        prog: ProgrammeWindow, small_workspace: Workspace, qtbot: QtBot, answers: list[str],
        shown_errors: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = prog.layout_page
    # Two sections, each asked for by name.
    answers.extend(["Prevencija", "Advocacy"])
    click(qtbot, prog, "Add &section...")
    click(qtbot, prog, "Add &section...")
    assert [t for t, _ in stored_layout(small_workspace)] == ["Prevencija", "Advocacy"]
    # All waiting points into the first section: select it, Ctrl+A in the list, Place.
    click_item(qtbot, page.tree, page.tree.topLevelItem(0))
    page.unplaced.setFocus()
    qtbot.keyClick(page.unplaced, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    click(qtbot, prog, "← Pl&ace in selected section")
    layout = stored_layout(small_workspace)
    assert len(layout[0][1]) == 3 and page.unplaced.count() == 0
    first, second = layout[0][1][0], layout[0][1][1]
    # Reorder by keyboard: the first point one place down (Ctrl+Down), saved at once.
    section = page.tree.topLevelItem(0)
    section.setExpanded(True)
    click_item(qtbot, page.tree, section.child(0))
    qtbot.keyClick(page.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert stored_layout(small_workspace)[0][1][:2] == [second, first]
    # The Advocacy section moved above Prevencija with the button.
    click_item(qtbot, page.tree, page.tree.topLevelItem(1))
    click(qtbot, prog, "Move &up")
    assert [t for t, _ in stored_layout(small_workspace)] == ["Advocacy", "Prevencija"]
    # Moving past the end does nothing and says nothing.
    click(qtbot, prog, "Move &up")
    assert [t for t, _ in stored_layout(small_workspace)] == ["Advocacy", "Prevencija"]
    # The release dialog is told what goes in; the name typed is the release's.
    shown: list[list[tuple[str, int]]] = []

    def name_it(name: str):  # type: ignore[no-untyped-def]
        return classmethod(lambda cls, parent, sections, taken: shown.append(list(sections)) or name)

    monkeypatch.setattr(ReleaseDialog, "ask", name_it("Paris 2026, v1"))
    click(qtbot, prog, "Create &release...")
    assert shown[-1] == [("Advocacy", 0), ("Prevencija", 3)]
    assert page.releases.count() == 1 and "Paris 2026, v1" in page.releases.item(0).text()
    # A change, a second release, then both selected: the change list names the move.
    click_item(qtbot, page.tree, page.tree.topLevelItem(1))
    answers.append("Prevencija ir švietimas")
    click(qtbot, prog, "Rena&me section...")
    monkeypatch.setattr(ReleaseDialog, "ask", name_it("Paris 2026, v2"))
    click(qtbot, prog, "Create &release...")
    assert page.releases.count() == 2
    page.releases.setFocus()
    page.releases.setCurrentRow(0)
    qtbot.keyClick(page.releases, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert "Prevencija ir švietimas" in page.changes.toPlainText()
    assert shown_errors == []
    # The director: start a local plan from the first release, set one point aside with a reason.
    prog.tabs.setCurrentWidget(prog.plan_page)
    plan = prog.plan_page
    releases = [r.id for r in plan.releases]
    monkeypatch.setattr(ReleaseChoice, "ask", classmethod(lambda cls, parent, title, rel: releases[0]))
    click(qtbot, prog, "&Start a local plan from a release...")
    assert plan.table.rowCount() == 3
    plan.table.selectRow(1)
    qtbot.mouseClick(plan.not_applicable, Qt.MouseButton.LeftButton)
    plan.reason.setFocus()
    qtbot.keyClicks(plan.reason, "Netaikoma Lietuvoje")
    plan.reason.insert(" — ąčęėįšųūž")  # as an input method delivers it (QTest types ASCII keys only)
    click(qtbot, prog, "Save &decision")
    assert shown_errors == []
    assert "not applicable" in plan.table.item(1, 2).text()
    answers.append("Pagalbos linija 🙂")
    click(qtbot, prog, "Add a local po&int...")
    assert plan.table.rowCount() == 4
    out = tmp_path / "planas.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    click(qtbot, prog, "Export our local pla&n...")
    assert shown_errors == []
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Pagalbos linija 🙂" in text and "ąčęėįšųūž" in text
    assert str(tmp_path) in prog.statusBar().currentMessage() and "planas.docx" in prog.statusBar().currentMessage()


def test_the_release_dialog_refuses_an_empty_or_taken_name_as_the_user_types(qtbot: QtBot) -> None:
    dialog = ReleaseDialog([("Prevencija", 3), ("Advocacy", 1)], ["Paris v1"])
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "name" in dialog.problem.text()
    assert [dialog.contents.item(i).text() for i in range(2)] == ["Prevencija — 3 points", "Advocacy — 1 point"]
    qtbot.keyClicks(dialog.name, "paris V1")
    assert not ok.isEnabled() and "already a release" in dialog.problem.text()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.name, "2")
    assert ok.isEnabled() and dialog.problem.text() == ""
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.release_name() == "paris V2"


def test_an_empty_programme_cannot_be_released(qtbot: QtBot) -> None:
    dialog = ReleaseDialog([], [])
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "v1")
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert "Place at least one point" in dialog.problem.text()


def test_long_titles_cut_in_the_tree_are_whole_in_their_tooltips(prog: ProgrammeWindow, qtbot: QtBot,
                                                                 answers: list[str]) -> None:
    page = prog.layout_page
    assert page.unplaced.count() == 3
    answers.append("Prevencija")
    click(qtbot, prog, "Add &section...")
    click_item(qtbot, page.tree, page.tree.topLevelItem(0))
    page.unplaced.setFocus()
    qtbot.keyClick(page.unplaced, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    click(qtbot, prog, "← Pl&ace in selected section")
    section = page.tree.topLevelItem(0)
    assert all(section.child(i).toolTip(0) == section.child(i).text(0) for i in range(section.childCount()))
