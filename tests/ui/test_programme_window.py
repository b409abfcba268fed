"""The programme window as a convener and a Lithuanian director use it."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from pytestqt.qtbot import QtBot

from stratplan.core.services import groups, proposals
from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from stratplan.ui.programme.window import ProgrammeWindow

# With LibreOffice installed, exports render once (contents page numbers, PDF) in a worker
# behind a progress dialog, which the offscreen platform cannot size or raise.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def prog(window: MainWindow, small_workspace: Workspace, qtbot: QtBot) -> ProgrammeWindow:
    with small_workspace.store.transaction() as s:
        for p in proposals.list_proposals(s):
            proposals.revise_proposal(s, writer=small_workspace.writer, proposal_id=p.id,
                                      changes={"status": "adopted", "body": "Tekstas su **paryškinimu**.\n\n1. a\n2. b"})
        assert groups.list_groups(s)
    window.show_programme()
    assert window.programme is not None
    return window.programme


def test_arrange_release_adapt_and_export(prog: ProgrammeWindow, tmp_path: Path, qtbot: QtBot,
                                         small_workspace: Workspace, shown_errors: list[str]) -> None:
    page = prog.layout_page
    assert page.unplaced.count() == 3
    page.add_section("Prevencija")
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    page.unplaced.selectAll()
    page.place_selected()
    assert page.unplaced.count() == 0
    assert page.tree.topLevelItem(0).childCount() == 3
    page.create_release("Paris 2026, v1")
    assert page.releases.count() == 1 and "3 points" in page.releases.item(0).text()
    # the director starts the local plan and sets one point aside, with a reason
    plan = prog.plan_page
    plan.start_plan(str(page.releases.item(0).data(0x0101)), title="Lietuvos vietos planas")
    assert plan.table.rowCount() == 3
    plan.table.selectRow(1)
    plan.not_applicable.setChecked(True)
    plan.reason.setText("")
    plan.save_decision()
    assert shown_errors and "reason is required" in shown_errors[-1]
    plan.reason.setText("Netaikoma Lietuvoje.")
    plan.save_decision()
    assert "not applicable" in plan.table.item(1, 2).text()
    plan.add_local_point("Pagalbos linija")
    assert plan.table.rowCount() == 4
    prog.language.setCurrentIndex(prog.language.findData("lt"))
    out = tmp_path / "planas.docx"
    assert prog.export_plan(out)
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Lietuvos vietos planas" in text and "Pagalbos linija" in text
    for fmt in ("md", "html", "pdf"):
        target = tmp_path / f"planas.{fmt}"
        assert prog.export_plan(target)
        assert target.stat().st_size > 500
    assert (tmp_path / "planas.pdf").read_bytes().startswith(b"%PDF")
    assert "Netaikoma Lietuvoje." in (tmp_path / "planas.md").read_text(encoding="utf-8")


def test_second_release_flags_adapted_points(prog: ProgrammeWindow, small_workspace: Workspace) -> None:
    page = prog.layout_page
    page.add_section("A")
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    page.unplaced.selectAll()
    page.place_selected()
    page.create_release("v1")
    plan = prog.plan_page
    plan.start_plan(str(page.releases.item(0).data(0x0101)))
    plan.table.selectRow(0)
    plan.adapt.setChecked(True)
    plan.local_text.setPlainText("Vietinis tekstas")
    plan.save_decision()
    point_id = plan.view.points[0].id  # type: ignore[union-attr]
    with small_workspace.store.transaction() as s:
        proposals.revise_proposal(s, writer=small_workspace.writer, proposal_id=point_id,
                                  changes={"summary": "A new summary from the coalition."})
    page.create_release("v2")
    page.releases.clearSelection()
    page.releases.item(0).setSelected(True)
    page.releases.item(1).setSelected(True)
    assert "changed: 1.1" in page.changes.toPlainText() and "summary" in page.changes.toPlainText()
    plan.rebase(str(page.releases.item(1).data(0x0101)))
    assert "⚠" in plan.table.item(0, 2).text()
    plan.table.selectRow(0)
    assert plan.banner.isVisibleTo(plan) and "summary" in plan.banner.text()
    plan.keep_button.click()
    assert "⚠" not in plan.table.item(0, 2).text()


def test_an_organisations_own_template(prog: ProgrammeWindow, tmp_path: Path, shown_errors: list[str]) -> None:
    from docx import Document as NewDocument

    bare = tmp_path / "bare.docx"
    doc = NewDocument()
    doc.styles["List Number"].delete()
    doc.save(str(bare))
    assert not prog.choose_template(bare)
    assert shown_errors and "List Number" in shown_errors[-1]
    fake = tmp_path / "fake.docx"
    fake.write_text("not a document", encoding="utf-8")
    assert not prog.choose_template(fake)
    from stratplan.resources import resource_path

    assert prog.choose_template(resource_path("templates", "stratplan-reference.docx"))
    assert "stratplan-reference.docx" in prog.template_button.text()
