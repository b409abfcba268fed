"""The programme window on the shared runner: one transaction per action, rows kept, not reset."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from stratplan.core.services import proposals
from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from stratplan.ui.programme.layout_page import ID_ROLE
from stratplan.ui.programme.window import ProgrammeWindow
from stratplan.ui.runner import ActionRunner
from tests.ui.transactions import Begins, begins, watch_resets

__all__ = ["begins"]  # the fixture, imported so pytest finds it here


@pytest.fixture
def prog(window: MainWindow, small_workspace: Workspace) -> ProgrammeWindow:
    with small_workspace.store.transaction() as s:
        for p in proposals.list_proposals(s)[:2]:
            proposals.revise_proposal(s, writer=small_workspace.writer, proposal_id=p.id,
                                      changes={"status": "adopted"})
    window.show_programme()
    assert window.programme is not None
    return window.programme


def click(qtbot: QtBot, view: QAbstractItemView, row: int, *,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_each_programme_action_is_one_transaction(prog: ProgrammeWindow, begins: Begins, qtbot: QtBot,
                                                  tmp_path: Path, shown_errors: list[str]) -> None:
    page, plan = prog.layout_page, prog.plan_page
    assert begins.during(lambda: page.add_section("Prevention")) == 1
    top = page.tree.topLevelItem(0)
    assert top is not None and top.data(0, ID_ROLE)  # the new section has the store's id
    page.tree.setCurrentItem(top)
    resets = watch_resets(page.tree.model(), page.unplaced.model(), page.releases.model(), plan.table.model())
    click(qtbot, page.unplaced, 0)
    assert begins.during(lambda: qtbot.mouseClick(page.place_button, Qt.MouseButton.LeftButton)) == 1
    assert top.childCount() == 1 and page.unplaced.count() == 1
    assert page.tree.currentItem() is top  # the section stays selected for the next point
    page.unplaced.selectAll()
    assert begins.during(lambda: qtbot.mouseClick(page.place_button, Qt.MouseButton.LeftButton)) == 1
    assert top.childCount() == 2 and page.unplaced.count() == 0
    assert begins.during(lambda: page.rename_section("Prevention and training")) == 1
    assert top.text(0) == "Prevention and training"
    assert begins.during(lambda: page.create_release("v1")) == 1
    assert page.releases.count() == 1 and "2 points" in page.releases.item(0).text()
    child = top.child(1)
    assert child is not None
    page.tree.setCurrentItem(child)
    assert begins.during(lambda: qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)) == 1
    assert top.childCount() == 1 and page.unplaced.count() == 1
    assert begins.during(lambda: page.create_release("v2")) == 1
    click(qtbot, page.releases, 0)
    assert begins.during(lambda: click(qtbot, page.releases, 1, modifier=Qt.KeyboardModifier.ControlModifier)) == 1
    assert "removed" in page.changes.toPlainText()

    v1, v2 = (str(page.releases.item(r).data(ID_ROLE)) for r in range(2))
    assert begins.during(lambda: plan.start_plan(v1, title="Vietos planas")) == 1
    assert plan.table.rowCount() == 2 and "Vietos planas" in plan.plans.currentText()
    assert begins.during(lambda: click(qtbot, plan.table, 1)) == 0  # the plan's data is at hand
    assert plan.table.currentRow() == 1
    plan.adapt.setChecked(True)
    plan.local_text.setPlainText("Vietinis tekstas")
    assert begins.during(lambda: qtbot.mouseClick(plan.save_button, Qt.MouseButton.LeftButton)) == 1
    assert plan.table.item(1, 2).text() == "adapt" and plan.table.currentRow() == 1
    assert plan.local_text.toPlainText() == "Vietinis tekstas"
    assert begins.during(lambda: plan.add_local_point("Pagalbos linija")) == 1
    assert plan.table.rowCount() == 3 and plan.table.item(2, 1).text() == "Pagalbos linija"
    assert plan.table.currentRow() == 1
    assert begins.during(lambda: plan.rebase(v2)) == 1
    # v2 no longer has the adapted point: its row goes, the local point stays.
    assert plan.table.rowCount() == 2 and "v2" in plan.plans.currentText()
    assert plan.table.item(1, 1).text() == "Pagalbos linija"
    assert begins.during(lambda: prog.export_plan(tmp_path / "plan.md")) == 1
    assert "Pagalbos linija" in (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert resets == [] and shown_errors == []


def test_a_refused_save_puts_the_tree_back(prog: ProgrammeWindow, begins: Begins,
                                           shown_errors: list[str]) -> None:
    page = prog.layout_page
    page.add_section("A")
    resets = watch_resets(page.tree.model())
    # Refused before the store is touched; putting the tree back needs no read either.
    assert begins.during(lambda: page.add_section("   ")) == 0
    assert shown_errors and "section needs a title" in shown_errors[-1]
    assert page.tree.topLevelItemCount() == 1 and resets == []


def test_points_adopted_elsewhere_join_the_waiting_list(prog: ProgrammeWindow, begins: Begins,
                                                       window: MainWindow) -> None:
    page = prog.layout_page
    page.add_section("A")
    top = page.tree.topLevelItem(0)
    assert top is not None
    page.tree.setCurrentItem(top)
    page.unplaced.setCurrentRow(0)
    page.place_selected()
    resets = watch_resets(page.tree.model(), page.unplaced.model())
    with prog.ws.store.transaction() as s:
        last = next(p for p in proposals.list_proposals(s) if p.status != "adopted")
    # Adopted from the main window (same runner): the waiting list gains it in that transaction.
    assert begins.during(lambda: window.runner.run(None, lambda s, w: proposals.revise_proposal(
        s, writer=w, proposal_id=last.id, changes={"status": "adopted"}))) == 1
    assert [page.unplaced.item(r).text() for r in range(page.unplaced.count())].count(last.title) == 1
    placed = top.child(0)
    assert placed is not None
    assert begins.during(lambda: window.runner.run(None, lambda s, w: proposals.revise_proposal(
        s, writer=w, proposal_id=str(placed.data(0, ID_ROLE)), changes={"title": "Renamed elsewhere"}))) == 1
    assert placed.text(0) == "Renamed elsewhere" and page.tree.currentItem() is top
    assert resets == []


def test_a_window_of_its_own_runner(qtbot: QtBot, small_workspace: Workspace, begins: Begins) -> None:
    prog = ProgrammeWindow(ActionRunner(small_workspace), language="lt")
    qtbot.addWidget(prog)
    assert begins.count == 1  # layout, releases and our plans in one read
    assert prog.language.currentData() == "lt" and prog.plan_page.view is None
