"""Edits made on two laptops without seeing each other: merged, or kept as a conflict."""

from __future__ import annotations

import pytest

from stratplan.core.oplog import materialise
from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.writer import OpWriter, Profile
from stratplan.core.services import coalition, conflicts, proposals
from stratplan.core.workspace import Workspace

BODY = "Why this matters.\n\nWhat we will do.\n\nWho pays."


@pytest.fixture
def two_laptops(workspace: Workspace, group_id: str) -> tuple[OpWriter, OpWriter, str, str]:
    w = workspace.writer
    with workspace.store.transaction() as s:
        org = coalition.add_organisation(s, writer=w, name="Aube", code="AUBE", country="FR", language="fr")
        other = OpWriter(DeviceIdentity.generate(), w.clock, Profile(w.profile.coalition_id, org.id, ""))
        other.register_device(s)
        p = proposals.create_proposal(s, writer=w, group_id=group_id,
                                      fields={"title": "Training for police", "body": BODY, "tags": ["police"]})
    return w, other, p.id, p.head_revision


def concurrent(s, laptop: OpWriter, pid: str, base_rev: str, **changes: object) -> None:  # type: ignore[no-untyped-def]
    """An edit made offline: its only parent is the revision the laptop had seen."""
    fields = {**proposals.revision_fields(s, base_rev), **changes}
    laptop.append(s, kind="proposal.revise", entity=pid, payload={"fields": fields}, parents=(base_rev,))


def test_different_paragraphs_merge_cleanly(workspace: Workspace, two_laptops) -> None:  # type: ignore[no-untyped-def]
    ours, theirs, pid, rev = two_laptops
    with workspace.store.transaction() as s:
        concurrent(s, ours, pid, rev, body=BODY.replace("Why this matters.", "Why this matters now."))
        concurrent(s, theirs, pid, rev, body=BODY.replace("Who pays.", "Who pays: the ministry."),
                   tags=["police", "training"])
        merged = proposals.get_proposal(s, pid)
        assert merged.fields["body"] == "Why this matters now.\n\nWhat we will do.\n\nWho pays: the ministry."
        assert merged.fields["tags"] == ("police", "training")
        assert not merged.conflict and conflicts.list_conflicts(s) == []


def test_the_same_paragraph_is_a_conflict_that_keeps_both(workspace: Workspace, two_laptops) -> None:  # type: ignore[no-untyped-def]
    ours, theirs, pid, rev = two_laptops
    with workspace.store.transaction() as s:
        concurrent(s, ours, pid, rev, body=BODY.replace("What we will do.", "We will train 40 officers."))
        concurrent(s, theirs, pid, rev, body=BODY.replace("What we will do.", "Nous formerons 60 policiers."))
        detail = proposals.get_proposal(s, pid)
        assert detail.conflict
        # never words interleaved: the shown text is one of the two versions, whole
        assert ("We will train 40 officers." in detail.fields["body"]) != (
            "Nous formerons 60 policiers." in detail.fields["body"])
        found = conflicts.list_conflicts(s)
        assert len(found) == 1 and found[0].field == "body" and str(found[0].where) == "paragraph 2"
        values = {c.value for c in found[0].candidates}
        assert values == {BODY.replace("What we will do.", "We will train 40 officers."),
                          BODY.replace("What we will do.", "Nous formerons 60 policiers.")}
        said = conflicts.describe(found[0])
        assert str(said) == "AUBE (FR) and CNT (LT) both changed paragraph 2 of 'Training for police'"
        assert said.translated("fr") == "AUBE (FR) et CNT (LT) ont toutes deux modifié le paragraphe 2 de " \
                                        "«\u00a0Training for police\u00a0»"
        before = (proposals.get_proposal(s, pid), conflicts.list_conflicts(s))
        materialise.rebuild(s)
        assert (proposals.get_proposal(s, pid), conflicts.list_conflicts(s)) == before
        conflicts.resolve(s, writer=ours, proposal_id=pid, field="body",
                          value=BODY.replace("What we will do.", "We will train 60 officers."))
        resolved = proposals.get_proposal(s, pid)
        assert not resolved.conflict and conflicts.list_conflicts(s) == []
        assert "60 officers" in resolved.fields["body"]
        assert len(proposals.current_heads(s, pid)) == 1


def test_an_edit_beats_a_concurrent_delete(workspace: Workspace, two_laptops) -> None:  # type: ignore[no-untyped-def]
    ours, theirs, pid, rev = two_laptops
    with workspace.store.transaction() as s:
        concurrent(s, ours, pid, rev, deleted=True)
        concurrent(s, theirs, pid, rev, summary="Still needed: see the 2026 report.")
        detail = proposals.get_proposal(s, pid)
        assert not detail.fields["deleted"] and detail.fields["summary"] == "Still needed: see the 2026 report."
        assert [p.id for p in proposals.list_proposals(s)] == [pid]  # still visible
        assert detail.conflict and conflicts.list_conflicts(s)[0].field == "deleted"


def test_a_title_changed_on_both_sides_shows_the_later(workspace: Workspace, two_laptops) -> None:  # type: ignore[no-untyped-def]
    ours, theirs, pid, rev = two_laptops
    with workspace.store.transaction() as s:
        concurrent(s, ours, pid, rev, title="Police training")
        concurrent(s, theirs, pid, rev, title="Formation de la police")  # stamped later
        detail = proposals.get_proposal(s, pid)
        assert detail.fields["title"] == "Formation de la police" and detail.conflict
