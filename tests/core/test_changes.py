"""What an action reports as changed is what it actually touched."""

from __future__ import annotations

from stratplan.core.actions import perform
from stratplan.core.changes import NOTHING, Changes
from stratplan.core.services import comments, consolidation, drafts, groups, proposals
from stratplan.core.sync import held
from stratplan.core.workspace import Workspace


def _new(ws: Workspace, group_id: str, title: str) -> str:
    outcome = perform(ws, lambda s, w: proposals.create_proposal(
        s, writer=w, group_id=group_id, fields={"title": title}).id)
    assert outcome.changes.proposals == {outcome.value}
    return outcome.value


def test_a_save_reports_exactly_that_proposal(workspace: Workspace, group_id: str) -> None:
    first, second = _new(workspace, group_id, "Police training"), _new(workspace, group_id, "Exit programme")
    outcome = perform(workspace, lambda s, w: proposals.revise_proposal(
        s, writer=w, proposal_id=first, changes={"title": "Police training ąčęėįšųūž"}))
    assert outcome.changes.proposals == {first}
    assert second not in outcome.changes.proposals
    assert not outcome.changes.groups and not outcome.changes.everything


def test_a_comment_reports_the_thread_of_its_proposal(workspace: Workspace, group_id: str) -> None:
    pid = _new(workspace, group_id, "Shelters")
    outcome = perform(workspace, lambda s, w: comments.add_comment(s, writer=w, proposal_id=pid, text="Who pays? 🌍"))
    assert outcome.changes.comments == {pid}
    assert outcome.changes.proposals == frozenset()


def test_a_merge_reports_target_and_sources(workspace: Workspace, group_id: str) -> None:
    a, b, c = (_new(workspace, group_id, t) for t in ("A", "B", "C"))
    outcome = perform(workspace, lambda s, w: consolidation.merge(s, writer=w, target=a, sources=[b, c]))
    assert {a, b, c} <= outcome.changes.proposals
    assert len(outcome.changes.merges) == 1


def test_group_membership_drafts_and_rebuild(workspace: Workspace, group_id: str) -> None:
    org = workspace.profile.org_id
    member = perform(workspace, lambda s, _w: org in groups.get_group(s, group_id).member_org_ids).value
    outcome = perform(workspace, lambda s, w: groups.set_member(s, writer=w, group_id=group_id, org_id=org,
                                                                present=not member))
    assert outcome.changes.groups == {group_id}
    pid = _new(workspace, group_id, "Draft me")
    kept = perform(workspace, lambda s, _w: drafts.save_draft(s, proposal_id=pid, group_id=group_id,
                                                              base_revision="", fields={"title": "x"}))
    assert kept.changes == Changes(drafts=frozenset({pid}))
    rebuilt = perform(workspace, lambda s, _w: held.full_rebuild(s))
    assert rebuilt.changes.everything and rebuilt.changes.touches_proposal("anything")


def test_a_read_changes_nothing_and_a_refused_action_reports_nothing(workspace: Workspace, group_id: str) -> None:
    outcome = perform(workspace, lambda s, _w: proposals.list_proposals(s))
    assert outcome.changes is NOTHING and not outcome.changes
    assert (Changes(proposals=frozenset({"a"})) | Changes(programme=True)) == Changes(
        proposals=frozenset({"a"}), programme=True)
