"""Amendments on one laptop: proposing, deciding, merging into the text, competing and outdated ones."""

from __future__ import annotations

import pytest

from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.services import amend_merge, amendments, proposals
from stratplan.core.workspace import Workspace

BODY = "Advocacy for abolitionist laws.\nSupport for survivors.\n\nTraining of peers.\nBudget line."


@pytest.fixture
def pid(workspace: Workspace, group_id: str) -> str:
    with workspace.store.transaction() as s:
        return proposals.create_proposal(s, writer=workspace.writer, group_id=group_id,
                                         fields={"title": "Programme point", "body": BODY}).id


def _propose(ws: Workspace, pid: str, **kw: object) -> amendments.AmendmentInfo:
    with ws.store.transaction() as s:
        return amendments.propose_amendment(s, writer=ws.writer, proposal_id=pid, reason="Clearer.", **kw)  # type: ignore[arg-type]


def _body(ws: Workspace, pid: str) -> str:
    with ws.store.transaction() as s:
        return str(proposals.get_proposal(s, pid).fields["body"])


def test_an_accepted_amendment_becomes_a_revision_that_names_it(workspace: Workspace, pid: str) -> None:
    a = _propose(workspace, pid, change="replace", first=2, text="Long-term support for survivors.")
    assert (a.state, a.first_line, a.last_line, a.old) == ("open", 2, 2, "Support for survivors.")
    assert [(s.kind, s.text) for s in a.segments][:2] == [("delete", "Support"), ("insert", "Long-term support")]
    with workspace.store.transaction() as s:
        out = amend_merge.decide(s, writer=workspace.writer, amendment_id=a.id[:8], decision="accept")
        history = proposals.history(s, proposal_id=pid)
    assert out.amendment.state == "merged" and out.merge is not None and out.merge.merged == (a.id,)
    assert history[-1].id == out.amendment.merged_in == out.merge.revision
    assert _body(workspace, pid) == BODY.replace("Support", "Long-term support")


def test_non_competing_amendments_merge_together_and_competing_ones_wait_side_by_side(
        workspace: Workspace, pid: str) -> None:
    first = _propose(workspace, pid, change="delete", first=4)
    rival_a = _propose(workspace, pid, change="replace", first=1, text="Advocacy for laws.")
    rival_b = _propose(workspace, pid, change="replace", passage="abolitionist", text="Nordic-model")
    with workspace.store.transaction() as s:
        for one in (rival_a, rival_b):
            amendments.decide_amendment(s, writer=workspace.writer, amendment_id=one.id, decision="accept")
        out = amend_merge.decide(s, writer=workspace.writer, amendment_id=first.id, decision="modify",
                                 text="")
    assert out.merge is not None and out.merge.merged == (first.id,)
    assert "Budget line." not in out.merge.body
    [competition] = out.merge.competing
    assert set(competition.ids) == {rival_a.id, rival_b.id} and competition.first_line == 1
    kinds = [[seg.kind for seg in alt.segments] for alt in competition.alternatives]
    assert all("delete" in k for k in kinds)
    with workspace.store.transaction() as s:
        done = amend_merge.resolve_competition(s, writer=workspace.writer, proposal_id=pid, choose=rival_b.id)
        states = {a.id: a.state for a in amendments.list_amendments(s, proposal_id=pid)}
    assert done.competing == () and done.body.startswith("Advocacy for Nordic-model laws.")
    assert states == {first.id: "merged", rival_a.id: "set-aside", rival_b.id: "merged"}


def test_a_combination_replaces_the_competing_passage_and_merges_both(workspace: Workspace, pid: str) -> None:
    a = _propose(workspace, pid, change="replace", first=3, text="Peer training.")
    b = _propose(workspace, pid, change="insert", passage="Training of peers.", text=" Twice a year.")
    with workspace.store.transaction() as s:
        for one in (a, b):
            amendments.decide_amendment(s, writer=workspace.writer, amendment_id=one.id, decision="accept")
        out = amend_merge.merge_accepted(s, writer=workspace.writer, proposal_id=pid)
        assert out.revision == "" and len(out.competing) == 1
        done = amend_merge.resolve_competition(s, writer=workspace.writer, proposal_id=pid, among=(a.id, b.id),
                                               text="Peer training, twice a year.")
    assert set(done.merged) == {a.id, b.id}
    assert "Peer training, twice a year.\nBudget" in _body(workspace, pid)


def test_amendments_on_an_older_revision_are_carried_forward_or_flagged_outdated(
        workspace: Workspace, pid: str) -> None:
    kept = _propose(workspace, pid, change="replace", first=4, text="Budget lines.")
    moved = _propose(workspace, pid, change="replace", first=1, text="Advocacy.")
    with workspace.store.transaction() as s:
        proposals.revise_proposal(s, writer=workspace.writer, proposal_id=pid,
                                  changes={"body": "Preamble.\n" + BODY.replace("abolitionist laws", "laws")})
        infos = {a.id: a for a in amendments.list_amendments(s, proposal_id=pid)}
        with pytest.raises(ValidationError, match="outdated"):
            amendments.decide_amendment(s, writer=workspace.writer, amendment_id=moved.id, decision="accept")
        amend_merge.decide(s, writer=workspace.writer, amendment_id=kept.id, decision="accept")
    assert infos[moved.id].state == "outdated" and infos[moved.id].current_start == -1
    assert infos[kept.id].state == "open" and infos[kept.id].current_first == 5
    assert _body(workspace, pid).endswith("Training of peers.\nBudget lines.")


def test_bad_amendments_are_refused_and_the_store_is_unchanged(workspace: Workspace, pid: str) -> None:
    def count() -> int:
        with workspace.store.transaction() as s:
            return len(amendments.list_amendments(s, proposal_id=pid))

    with pytest.raises(NotFoundError, match="is not a revision of this proposal"):
        _propose(workspace, pid, change="replace", first=1, text="x", revision_id="f" * 64)
    with pytest.raises(ValidationError, match="Line 12 is outside the text: it has 4 numbered lines."):
        _propose(workspace, pid, change="delete", first=12)
    with pytest.raises(ValidationError, match="U\\+001B"):
        _propose(workspace, pid, change="replace", first=1, text="\x1b[31mred")
    with pytest.raises(ValidationError, match="needs a reason"), workspace.store.transaction() as s:
        amendments.propose_amendment(s, writer=workspace.writer, proposal_id=pid, change="delete", first=1,
                                     reason="  ")
    assert count() == 0
    rtl = _propose(workspace, pid, change="insert", first=2, text="دعم الناجيات 💪 תמיכה")
    assert rtl.text == "\nدعم الناجيات 💪 תמיכה" and count() == 1
    with workspace.store.transaction() as s:
        amend_merge.decide(s, writer=workspace.writer, amendment_id=rtl.id, decision="accept")
        assert amendments.numbered_text(s, proposal_id=pid)[2].text == "دعم الناجيات 💪 תמיכה"


def test_the_current_text_shows_open_amendments_inline_for_a_window(workspace: Workspace, pid: str) -> None:
    first = _propose(workspace, pid, change="replace", passage="abolitionist", text="Nordic-model")
    rival = _propose(workspace, pid, change="delete", first=1)
    cut = _propose(workspace, pid, change="delete", passage=" line")
    with workspace.store.transaction() as s:
        segments = amendments.inline_text(s, proposal_id=pid)
    # Joining what stays and what goes gives the text back; what comes names its amendment.
    assert "".join(x.text for x in segments if x.kind != "insert") == BODY
    assert [(x.kind, x.text, x.amendment_id) for x in segments if x.kind != "equal"] == [
        ("delete", "abolitionist", first.id), ("insert", "Nordic-model", first.id), ("delete", " line", cut.id)]
    assert rival.id not in {x.amendment_id for x in segments}
