"""The peer-to-peer window: our needs and offers, matches, pairings, heat map, training plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document

from stratplan.core.services import coalition
from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from stratplan.ui.peer.models import CoverageModel

SHEET = ("organisation,kind,area,priority,name,description,languages,formats\n"
         "AUBE,offer,data-research,,Base de données,Suivi des cas.,fr lt,training\n"
         "AUBE,need,fundraising,high,,Subventions européennes.,,\n")


def test_needs_offers_matches_pairings_and_plan(window: MainWindow, small_workspace: Workspace, tmp_path: Path,
                                                qtmodeltester: Any, shown_errors: list[str]) -> None:
    with small_workspace.store.transaction() as s:
        coalition.add_organisation(s, writer=small_workspace.writer, name="Fondation Aube", code="AUBE",
                                   country="FR", language="fr")
    window.show_peer()
    win = window.peer
    assert win is not None
    win.area.setCurrentIndex(win.area.findData("data-research"))
    win.description.setText("Mums reikia atvejų duomenų bazės.")
    win.add_need_button.click()
    assert win.needs_table.rowCount() == 1
    win.area.setCurrentIndex(win.area.findData("fundraising"))
    win.offer_name.setText("Paraiškų rašymo klinika")
    win.description.setText("Dalinamės ES paraiškų patirtimi.")
    win.add_offer_button.click()
    assert win.offers_table.rowCount() == 1
    win.description.setText("")
    win.add_need_button.click()
    assert shown_errors and "Describe" in shown_errors[-1]
    sheet = tmp_path / "needs.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    win.import_file(sheet)
    assert win.need_list.count() == 2
    win.need_list.setCurrentRow(next(r for r in range(2) if win.need_list.item(r).text().startswith("CNT")))
    assert win.candidates.rowCount() == 1 and win.candidates.item(0, 0).text() == "AUBE"
    assert win.candidates.item(0, 2).text() == "lt"  # Lithuanian is shared
    win.confirm_button.click()
    assert win.pairings.count() == 1 and "AUBE → CNT" in win.pairings.item(0).text()
    qtmodeltester.check(win.coverage_model)
    qtmodeltester.check(CoverageModel())
    assert win.coverage_model.rowCount() == 2
    win.plan_org.setCurrentIndex(win.plan_org.findData(small_workspace.profile.org_id))
    out = tmp_path / "plan.docx"
    assert win.export_plan(out)
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Base de données" in text


def test_the_convener_adds_a_capacity_area(window: MainWindow) -> None:
    window.show_peer()
    win = window.peer
    assert win is not None
    before = win.area.count()
    win.add_area("Darbas su romų bendruomenėmis")
    assert win.area.count() == before + 1
    assert win.coverage_model.columnCount() == before + 1
