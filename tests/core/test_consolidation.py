"""Merging overlapping proposals with provenance; split, unmerge, retire; crossed merges."""

from __future__ import annotations

import pytest

from stratplan.core.errors import ValidationError
from stratplan.core.oplog import materialise
from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.writer import OpWriter, Profile
from stratplan.core.services import coalition, comments, consolidation, proposals, rounds
from stratplan.core.workspace import Workspace


@pytest.fixture
def points(workspace: Workspace, group_id: str) -> dict[str, str]:
    w = workspace.writer
    with workspace.store.transaction() as s:
        ids = {}
        for key, title in (("a", "Police training on victim identification"),
                           ("b", "Training police officers to identify victims"),
                           ("c", "Identify victims: police training"), ("d", "School prevention")):
            ids[key] = proposals.create_proposal(s, writer=w, group_id=group_id,
                                                 fields={"title": title, "body": f"Text of {key}."}).id
        comments.add_comment(s, writer=w, proposal_id=ids["b"], text="Kept after the merge?")
        return ids


def test_merge_keeps_sources_history_and_comments_and_can_be_undone(workspace: Workspace, points) -> None:  # type: ignore[no-untyped-def]
    w = workspace.writer
    with workspace.store.transaction() as s:
        info = consolidation.merge(s, writer=w, target=points["a"], sources=[points["b"], points["c"]],
                                   fields={"body": "Combined text of a, b and c."})
        assert info.active and set(info.sources) == {points["b"], points["c"]}
        listed = {p.id: p.status for p in proposals.list_proposals(s)}
        assert listed[points["b"]] == listed[points["c"]] == "merged" and listed[points["a"]] == "draft"
        assert proposals.get_proposal(s, points["a"]).fields["body"] == "Combined text of a, b and c."
        assert consolidation.coauthors(s, points["a"]) == ["Rūta Žilinskienė"]
        assert str(consolidation.notices(s, w.profile.person_id)[0]).startswith("Your proposal '")
        # every revision and comment of the sources is still there
        assert len(proposals.history(s, proposal_id=points["b"])) == 1
        assert len(comments.list_comments(s, proposal_id=points["b"])) == 1
        consolidation.unmerge(s, writer=w, merge_id=info.id)
        listed = {p.id: p.status for p in proposals.list_proposals(s)}
        assert listed[points["b"]] == listed[points["c"]] == "draft"
        assert consolidation.notices(s, w.profile.person_id) == []


def test_bad_merges_and_splits_are_refused(workspace: Workspace, points) -> None:  # type: ignore[no-untyped-def]
    w = workspace.writer
    with workspace.store.transaction() as s:
        with pytest.raises(ValidationError, match="into itself"):
            consolidation.merge(s, writer=w, target=points["a"], sources=[points["a"]])
        consolidation.merge(s, writer=w, target=points["a"], sources=[points["b"]])
        with pytest.raises(ValidationError, match="was itself merged"):
            consolidation.merge(s, writer=w, target=points["b"], sources=[points["a"]])
        with pytest.raises(ValidationError, match="already merged"):
            consolidation.merge(s, writer=w, target=points["c"], sources=[points["b"]])
        proposals.revise_proposal(s, writer=w, proposal_id=points["d"], changes={"status": "adopted"})
        with pytest.raises(ValidationError, match="adopted"):
            consolidation.merge(s, writer=w, target=points["d"], sources=[points["c"]])
        with pytest.raises(ValidationError, match="at least two"):
            consolidation.split(s, writer=w, source=points["c"], parts=[{"title": "Only one"}])
        with pytest.raises(ValidationError, match="empty part"):
            consolidation.split(s, writer=w, source=points["c"], parts=[{"title": "A"}, {"title": " "}])
        with pytest.raises(ValidationError, match="Name the point"):
            consolidation.retire(s, writer=w, proposal_id=points["c"], reason="duplicate")


def test_split_and_retire(workspace: Workspace, points) -> None:  # type: ignore[no-untyped-def]
    w = workspace.writer
    with workspace.store.transaction() as s:
        new = consolidation.split(s, writer=w, source=points["c"],
                                  parts=[{"title": "Police training"}, {"title": "Victim identification tools"}])
        assert len(new) == 2
        source = proposals.get_proposal(s, points["c"])
        assert source.fields["status"] == "retired" and "split into" in source.fields["status_reason"]
        retired = consolidation.retire(s, writer=w, proposal_id=points["b"], reason="duplicate",
                                       duplicate_of=points["a"])
        assert retired.fields["status_reason"].startswith("duplicate of 'Police training")


def test_crossed_merges_end_with_one_survivor_and_late_edits_are_flagged(workspace: Workspace, points) -> None:  # type: ignore[no-untyped-def]
    w = workspace.writer
    with workspace.store.transaction() as s:
        org = coalition.add_organisation(s, writer=w, name="Aube", code="AUBE", country="FR", language="fr")
        other = OpWriter(DeviceIdentity.generate(), w.clock, Profile(w.profile.coalition_id, org.id, ""))
        other.register_device(s)
        head_a = proposals.get_proposal(s, points["a"]).head_revision
        head_b = proposals.get_proposal(s, points["b"]).head_revision
        # two laptops, offline: one merges b into a, the other a into b
        w.append(s, kind="merge.create", entity="m1",
                 payload={"target": points["a"], "sources": [points["b"]], "source_heads": {points["b"]: head_b}})
        other.append(s, kind="merge.create", entity="m2",
                     payload={"target": points["b"], "sources": [points["a"]], "source_heads": {points["a"]: head_a}})
        merged = proposals.merge_map(s)
        assert len(merged) == 1 and set(merged) | set(merged.values()) == {points["a"], points["b"]}
        survivor = next(iter(merged.values()))
        loser = next(iter(merged))
        # an edit to the merged-away source made elsewhere afterwards is kept and shown on the survivor
        other.append(s, kind="proposal.revise", entity=loser, parents=(proposals.get_proposal(s, loser).head_revision,),
                     payload={"fields": {**proposals.get_proposal(s, loser).fields, "summary": "Late edit."}})
        late = consolidation.late_edits(s, survivor)
        assert [e.source for e in late] == [loser]
        before = proposals.merge_map(s)
        materialise.rebuild(s)
        assert proposals.merge_map(s) == before


def test_rounds_on_merged_sources_are_marked_superseded(workspace: Workspace, points) -> None:  # type: ignore[no-untyped-def]
    w = workspace.writer
    with workspace.store.transaction() as s:
        r = rounds.open_round(s, writer=w, title="R", method="approval", proposal_ids=[points["b"], points["d"]])
        consolidation.merge(s, writer=w, target=points["a"], sources=[points["b"]])
        assert consolidation.superseded(s, [p.id for p in rounds.get_round(s, r.id).proposals]) == {
            points["b"]: points["a"]}
