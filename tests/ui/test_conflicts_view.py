"""The conflicts view shows both versions against the ancestor and records the decision."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.writer import OpWriter, Profile
from stratplan.core.services import coalition, conflicts, proposals
from stratplan.core.workspace import Workspace
from stratplan.ui.dialogs.conflicts import ConflictsDialog
from stratplan.ui.main_window import MainWindow


def make_conflict(ws: Workspace) -> str:
    w = ws.writer
    with ws.store.transaction() as s:
        org = coalition.add_organisation(s, writer=w, name="Aube", code="AUBE", country="FR", language="fr")
        other = OpWriter(DeviceIdentity.generate(), w.clock, Profile(w.profile.coalition_id, org.id, ""))
        other.register_device(s)
        pid = proposals.list_proposals(s)[0].id
        rev = proposals.get_proposal(s, pid).head_revision
        for laptop, text in ((w, "Train 40 officers."), (other, "Former 60 policiers.")):
            fields = {**proposals.revision_fields(s, rev), "body": text}
            laptop.append(s, kind="proposal.revise", entity=pid, payload={"fields": fields}, parents=(rev,))
    return pid


def test_keep_one_version(window: MainWindow, small_workspace: Workspace, qtbot: QtBot) -> None:
    pid = make_conflict(small_workspace)
    window.reload()
    assert any(window.list_model.index(r, 0).data().startswith("⚠ ") for r in range(window.list_model.rowCount()))

    def resolve(proposal_id: str, field: str, value: object) -> bool:
        return window.run(lambda s, w: conflicts.resolve(s, writer=w, proposal_id=proposal_id, field=field,
                                                         value=value)) is not None

    dialog = ConflictsDialog(lambda: window.run(lambda s, _w: conflicts.list_conflicts(s)) or [], resolve)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1
    assert "AUBE (FR) and CNT (LT) both changed" in dialog.list.item(0).text()
    assert dialog.base.toPlainText() == "First text."
    assert len(dialog.candidate_views) == 2
    texts = [view.toPlainText() for view, _ in dialog.candidate_views]
    assert any("60 policiers" in t for t in texts) and any("40 officers" in t for t in texts)
    keep = next(button for view, button in dialog.candidate_views if "60 policiers" in view.toPlainText())
    keep.click()
    assert dialog.list.count() == 0
    with small_workspace.store.transaction() as s:
        detail = proposals.get_proposal(s, pid)
        assert detail.fields["body"] == "Former 60 policiers." and not detail.conflict


def test_write_a_combined_text(window: MainWindow, small_workspace: Workspace, qtbot: QtBot) -> None:
    pid = make_conflict(small_workspace)

    def resolve(proposal_id: str, field: str, value: object) -> bool:
        return window.run(lambda s, w: conflicts.resolve(s, writer=w, proposal_id=proposal_id, field=field,
                                                         value=value)) is not None

    dialog = ConflictsDialog(lambda: window.run(lambda s, _w: conflicts.list_conflicts(s)) or [], resolve)
    qtbot.addWidget(dialog)
    dialog.combined.setPlainText("Train 60 officers (40 in 2027).")
    dialog.save_combined.click()
    assert "No conflicts" in dialog.heading.text()
    with small_workspace.store.transaction() as s:
        assert proposals.get_proposal(s, pid).fields["body"] == "Train 60 officers (40 in 2027)."
