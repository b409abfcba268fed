"""Drafting plan points: revisions, history, restore, validation, comments."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from stratplan.core.db.models import SyncOp
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.services import comments, proposals
from stratplan.core.services.drafts import discard_draft, load_draft, save_draft
from stratplan.core.workspace import Workspace


def op_count(ws: Workspace) -> int:
    with ws.store.transaction() as s:
        return s.scalar(select(func.count()).select_from(SyncOp)) or 0


def test_a_revised_point_keeps_its_history_and_can_be_restored(workspace: Workspace, group_id: str) -> None:
    w = workspace.writer
    with workspace.store.transaction() as s:
        p = proposals.create_proposal(s, writer=w, group_id=group_id, fields={
            "title": "Training for police", "summary": "Train officers.", "tags": ["Police", "training"],
            "indicators": [{"name": "Officers trained", "baseline": "0", "target": "40", "unit": "people"}]})
        proposals.revise_proposal(s, writer=w, proposal_id=p.id, changes={"summary": "Train 40 officers a year."})
        revs = proposals.history(s, proposal_id=p.id)
        assert [r.fields["summary"] for r in revs] == ["Train officers.", "Train 40 officers a year."]
        assert revs[1].parents == (revs[0].id,)
        restored = proposals.restore_revision(s, writer=w, proposal_id=p.id, revision_id=revs[0].id)
    assert restored.fields["summary"] == "Train officers."
    assert restored.revision_count == 3
    assert restored.fields["tags"] == ("police", "training")
    assert restored.author == "Rūta Žilinskienė" and restored.organisation == "CNT"


def test_saving_without_changes_writes_nothing(workspace: Workspace, group_id: str) -> None:
    with workspace.store.transaction() as s:
        p = proposals.create_proposal(s, writer=workspace.writer, group_id=group_id, fields={"title": "Same"})
    before = op_count(workspace)
    with workspace.store.transaction() as s:
        proposals.revise_proposal(s, writer=workspace.writer, proposal_id=p.id, changes={"title": "Same"})
    assert op_count(workspace) == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "   "}, "needs a title"),
        ({"title": "x" * 201}, "Title is too long"),
        ({"title": "ok", "body": "y" * 200_001}, "Body is too long"),
        ({"title": "ok", "start": "2027-13-01"}, "not a date"),
        ({"title": "ok", "start": "2027-05-01", "end": "2027-01-01"}, "before the start"),
        ({"title": "ok", "status": "withdrawn"}, "reason"),
        ({"title": "ok", "level": "galactic"}, "Level must be"),
        ({"title": "ok", "tags": [f"t{i}" for i in range(31)]}, "Too many tags"),
    ],
)
def test_bad_fields_are_refused_and_the_store_is_unchanged(
    workspace: Workspace, group_id: str, fields: dict[str, object], message: str
) -> None:
    before = op_count(workspace)
    with pytest.raises(ValidationError, match=message), workspace.store.transaction() as s:
        proposals.create_proposal(s, writer=workspace.writer, group_id=group_id, fields=fields)
    assert op_count(workspace) == before


def test_any_unicode_survives_and_control_characters_are_stripped(workspace: Workspace, group_id: str) -> None:
    text = "Lietuva ąčęėįšųūž — مكافحة الاتجار بالبشر 👩‍⚖️"
    with workspace.store.transaction() as s:
        p = proposals.create_proposal(s, writer=workspace.writer, group_id=group_id,
                                      fields={"title": "Tit\x00le\x1b", "body": text + "\x07\n\tok"})
        got = proposals.get_proposal(s, p.id)
    assert got.fields["title"] == "Title"
    assert got.fields["body"] == text + "\n\tok"


def test_deleting_hides_and_restoring_brings_back(workspace: Workspace, group_id: str) -> None:
    w = workspace.writer
    with workspace.store.transaction() as s:
        p = proposals.create_proposal(s, writer=w, group_id=group_id, fields={"title": "Short-lived"})
        proposals.set_deleted(s, writer=w, proposal_id=p.id, deleted=True)
        assert [x.id for x in proposals.list_proposals(s)] == []
        proposals.set_deleted(s, writer=w, proposal_id=p.id, deleted=False)
        assert [x.title for x in proposals.list_proposals(s)] == ["Short-lived"]


def test_the_list_search_text_covers_every_searchable_field(workspace: Workspace, group_id: str) -> None:
    with workspace.store.transaction() as s:
        proposals.create_proposal(s, writer=workspace.writer, group_id=group_id, fields={
            "title": "Exit programme", "summary": "Housing", "body": "Peer **mentors**", "tags": ["Survivors"]})
        row = proposals.list_proposals(s)[0]
    for word in ("exit", "housing", "mentors", "survivors", "rūta", "cnt"):
        assert word in row.search_text


def test_threaded_comments(workspace: Workspace, group_id: str) -> None:
    w = workspace.writer
    with workspace.store.transaction() as s:
        p = proposals.create_proposal(s, writer=w, group_id=group_id, fields={"title": "Point"})
        a = comments.add_comment(s, writer=w, proposal_id=p.id, text="First")
        comments.add_comment(s, writer=w, proposal_id=p.id, text="Second")
        comments.add_comment(s, writer=w, proposal_id=p.id, text="Reply to first", reply_to=a.id)
        listed = comments.list_comments(s, proposal_id=p.id)
        assert [(c.text, c.depth) for c in listed] == [("First", 0), ("Reply to first", 1), ("Second", 0)]
        comments.set_retracted(s, writer=w, comment_id=a.id, retracted=True)
        assert comments.list_comments(s, proposal_id=p.id)[0].retracted
        with pytest.raises(ValidationError, match="cannot be empty"):
            comments.add_comment(s, writer=w, proposal_id=p.id, text=" \x07 ")
        with pytest.raises(NotFoundError):
            comments.add_comment(s, writer=w, proposal_id="nope", text="x")


def test_drafts_survive_until_discarded(workspace: Workspace) -> None:
    with workspace.store.transaction() as s:
        save_draft(s, proposal_id="p1", group_id="g", base_revision="r", fields={"title": "half-typ"})
    with workspace.store.transaction() as s:
        draft = load_draft(s, proposal_id="p1")
        assert draft is not None and draft.fields["title"] == "half-typ"
        discard_draft(s, proposal_id="p1")
        assert load_draft(s, proposal_id="p1") is None


def test_ids_resolve_from_a_prefix(workspace: Workspace, group_id: str) -> None:
    with workspace.store.transaction() as s:
        p = proposals.create_proposal(s, writer=workspace.writer, group_id=group_id, fields={"title": "A"})
        assert proposals.resolve_proposal_id(s, p.id[:8].upper()) == p.id
        with pytest.raises(NotFoundError):
            proposals.resolve_proposal_id(s, "zzzzzzzz")
