"""Every item model passes Qt's model tester with real data."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from stratplan.core.services import comments, groups, proposals
from stratplan.core.workspace import Workspace
from stratplan.ui.models.proposal_list import Column, ProposalListModel
from stratplan.ui.models.simple_lists import CommentListModel, GroupListModel, RevisionListModel


def test_proposal_list_model(qtmodeltester: Any, small_workspace: Workspace) -> None:
    model = ProposalListModel()
    with small_workspace.store.transaction() as s:
        model.set_rows(proposals.list_proposals(s))
    qtmodeltester.check(model)
    model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, Column.TITLE).data() for r in range(3)] == [
        "Exit programme", "Nordic model at the EU", "Training for police"]
    model.set_filter("SURVIVORS")
    assert model.rowCount() == 1 and model.index(0, 0).data() == "Exit programme"
    model.set_filter("rūta police")
    assert model.rowCount() == 1 and model.index(0, 0).data() == "Training for police"
    qtmodeltester.check(model)


def test_group_revision_and_comment_models(qtmodeltester: Any, small_workspace: Workspace) -> None:
    w = small_workspace.writer
    with small_workspace.store.transaction() as s:
        pid = proposals.list_proposals(s)[0].id
        proposals.revise_proposal(s, writer=w, proposal_id=pid, changes={"summary": "changed"})
        first = comments.add_comment(s, writer=w, proposal_id=pid, text="Question?")
        comments.add_comment(s, writer=w, proposal_id=pid, text="Answer.", reply_to=first.id)
        group_model = GroupListModel()
        group_model.set_groups(groups.list_groups(s), 3)
        revision_model = RevisionListModel()
        revision_model.set_revisions(proposals.history(s, proposal_id=pid))
        comment_model = CommentListModel()
        comment_model.set_rows(comments.list_comments(s, proposal_id=pid))
    for model in (group_model, revision_model, comment_model):
        qtmodeltester.check(model)
    assert group_model.index(0).data() == "All proposals (3)"
    assert revision_model.rowCount() == 2 and revision_model.index(0).data().startswith("#2")
    assert "↳" in comment_model.index(1).data() and "Answer." in comment_model.index(1).data()
