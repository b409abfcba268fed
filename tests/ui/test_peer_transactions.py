"""The peer-to-peer window on the shared runner: one transaction per button, rows kept, no reset."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from stratplan.core.actions import perform
from stratplan.core.services import coalition, peer
from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from stratplan.ui.peer.window import PeerWindow
from stratplan.ui.runner import ActionRunner
from tests.ui.transactions import Begins, begins, watch_resets

__all__ = ["begins"]  # the fixture, imported so pytest finds it here


@pytest.fixture
def win(window: MainWindow, small_workspace: Workspace) -> PeerWindow:
    with small_workspace.store.transaction() as s:
        aube = coalition.add_organisation(s, writer=small_workspace.writer, name="Fondation Aube", code="AUBE",
                                          country="FR", language="fr")
        peer.add_offer(s, writer=small_workspace.writer, area="data-research", name="Base de données",
                       description="Suivi des cas.", languages=("fr", "lt"), org_id=aube.id)
        peer.add_need(s, writer=small_workspace.writer, area="fundraising", priority="high",
                      description="Subventions européennes.", org_id=aube.id)
    window.show_peer()
    assert window.peer is not None
    return window.peer


def press(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_each_button_is_one_transaction_and_resets_nothing(win: PeerWindow, begins: Begins, qtbot: QtBot,
                                                            monkeypatch: pytest.MonkeyPatch, qtmodeltester: Any,
                                                            shown_errors: list[str]) -> None:
    resets = watch_resets(win.need_list.model(), win.needs_table.model(), win.offers_table.model(),
                          win.pairings.model(), win.coverage_model)
    aube_need = win.need_list.item(0)
    win.need_list.setCurrentItem(aube_need)
    win.area.setCurrentIndex(win.area.findData("data-research"))
    win.description.setText("Mums reikia atvejų duomenų bazės.")
    assert begins.during(lambda: press(qtbot, win.add_need_button)) == 1
    assert win.needs_table.rowCount() == 1 and win.need_list.count() == 2
    assert win.need_list.currentItem() is aube_need           # the chosen need stays chosen
    assert win.description.text() == ""
    win.area.setCurrentIndex(win.area.findData("fundraising"))
    win.offer_name.setText("Paraiškų rašymo klinika")
    win.description.setText("Dalinamės ES paraiškų patirtimi.")
    assert begins.during(lambda: press(qtbot, win.add_offer_button)) == 1
    assert win.offers_table.item(0, 1).text() == "Paraiškų rašymo klinika"
    # AUBE's need in fundraising now has an offer: ours, shown as a candidate without a read.
    assert win.candidates.rowCount() == 1 and win.candidates.item(0, 0).text() == "CNT"
    assert win.need_list.currentItem() is aube_need and win.need_list.currentItem().text().endswith("— 1")
    assert begins.during(lambda: press(qtbot, win.confirm_button)) == 1
    assert win.pairings.count() == 1 and "CNT → AUBE" in win.pairings.item(0).text()
    win.needs_table.selectRow(0)
    assert begins.during(lambda: press(qtbot, win.remove_button)) == 1
    assert win.needs_table.rowCount() == 0 and win.need_list.count() == 1
    win.description.setText("")
    assert begins.during(lambda: press(qtbot, win.add_need_button)) == 1   # refused: one try, a message
    assert "Describe" in shown_errors[-1]
    assert resets == []
    columns = win.coverage_model.columnCount()
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Romų bendruomenės", True))
    assert begins.during(lambda: press(qtbot, win.area_button)) == 1
    assert win.coverage_model.columnCount() == columns + 1 and win.area.findData("romų-bendruomenės") >= 0
    assert resets == []   # the new area's column was inserted, not the whole map reloaded
    qtmodeltester.check(win.coverage_model)


def test_import_and_export_are_one_transaction_each(win: PeerWindow, begins: Begins, tmp_path: Path) -> None:
    sheet = tmp_path / "needs.csv"
    sheet.write_text("organisation,kind,area,priority,name,description,languages,formats\n"
                     "CNT,need,data-research,high,,Atvejų duomenų bazė.,,\n", encoding="utf-8")
    assert begins.during(lambda: win.import_file(sheet)) == 1
    assert win.statusBar().currentMessage() == "Imported 1 need and 0 offers."
    assert begins.during(lambda: win.export_plan(tmp_path / "plan.md")) == 1
    assert (tmp_path / "plan.md").exists()


def test_changes_made_elsewhere_arrive_row_by_row(win: PeerWindow, small_workspace: Workspace,
                                                  window: MainWindow) -> None:
    resets = watch_resets(win.need_list.model(), win.coverage_model)
    win.need_list.setCurrentRow(0)
    rows = win.coverage_model.rowCount()
    # Another window (here: the runner itself) adds an organisation: a row is inserted in the map.
    window.runner.run(window, lambda s, w: coalition.add_organisation(
        s, writer=w, name="Baltic Shelter", code="BSH", country="LV", language="lv"))
    assert win.coverage_model.rowCount() == rows + 1
    assert win.plan_org.findText("BSH — Baltic Shelter") >= 0
    assert win.need_list.currentRow() == 0 and resets == []
    # A change that bypasses the runner (another program) shows once published.
    done = perform(small_workspace, lambda s, w: peer.add_need(s, writer=w, area="legal-advocacy", priority="low",
                                                               description="Teisės aktai."))
    window.runner.publish(window, done.changes)
    assert win.needs_table.rowCount() == 1


def test_the_window_takes_the_shared_runner(qtbot: QtBot, small_workspace: Workspace) -> None:
    runner = ActionRunner(small_workspace)
    win = PeerWindow(runner, language="lt")
    qtbot.addWidget(win)
    assert win.area.count() > 0 and win.coverage_model.rowCount() == 1
