"""Looking before acting: the ballot-sheet preview, the close preview, turnout, why a ranking is so."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from stratplan.core.errors import BadFileError, ValidationError
from stratplan.core.services import ballot_preview as bp
from stratplan.core.services import coalition, proposals, rounds
from stratplan.core.services.demo import install_demo, load_demo_file
from stratplan.core.services.round_preview import close_preview
from stratplan.core.services.round_results import pair_facts, turnout, why_order
from stratplan.core.voting.model import RankingBallot
from stratplan.core.voting.ranking import count_schulze
from stratplan.core.workspace import Workspace, open_workspace
from stratplan.resources import resource_path


@pytest.fixture
def round_id(workspace: Workspace, group_id: str) -> str:
    w = workspace.writer
    with workspace.store.transaction() as s:
        for code in ("AUBE", "NORD", "SUD"):
            coalition.add_organisation(s, writer=w, name=f"Fondation {code}", code=code, country="FR",
                                       language="fr")
        pids = [proposals.create_proposal(s, writer=w, group_id=group_id, fields={"title": t}).id
                for t in ("Police training", "Exit programme")]
        return rounds.open_round(s, writer=w, title="Paris", method="approval", proposal_ids=pids).id


def preview(workspace: Workspace, round_id: str, text: str) -> bp.ImportPreview:
    with workspace.store.transaction() as s:
        return bp.preview_ballot_import(s, round_id=round_id, data=text.encode())


def count_ballots(workspace: Workspace, round_id: str) -> int:
    with workspace.store.transaction() as s:
        return len(rounds.ballots(s, round_id=round_id))


def test_the_preview_says_what_each_row_does_and_writes_nothing(workspace: Workspace, round_id: str) -> None:
    with workspace.store.transaction() as s:
        nord = next(o.id for o in coalition.list_organisations(s) if o.code == "NORD")
        first = rounds.get_round(s, round_id).proposals[0].id
        rounds.cast_ballot(s, writer=workspace.writer, round_id=round_id, choices={first: "yes"},
                           on_behalf_of=nord)
    sheet = ("organisation,weight,P1 Police training,P2 Exit programme\n"
             "AUBE,1,yes,no\nNORD,1,no,no\nSUD,,,\nCNT,2,yes,yes\nNOPE,1,yes,yes\nAUBE,1,no,no\nXYZ,1,maybe,\n")
    seen = preview(workspace, round_id, sheet)
    outcomes = [(r.line, r.organisation, r.outcome) for r in seen.rows]
    assert outcomes == [(2, "AUBE", bp.NEW), (3, "NORD", bp.REPLACES), (4, "SUD", bp.EMPTY),
                        (5, "CNT", bp.REFUSED), (6, "NOPE", bp.REFUSED), (7, "AUBE", bp.REFUSED),
                        (8, "XYZ", bp.REFUSED)]
    reasons = {r.line: str(r.reason) for r in seen.rows if r.reason}
    assert reasons[5].startswith("The weight 2 differs from CNT's weight in this round (1)")
    assert reasons[6] == "NOPE is not in this round's electorate."
    assert reasons[7] == "line 7: a second ballot for AUBE (first on line 2)"
    assert reasons[8] == "line 8: 'maybe' is not yes, no or abstain"
    assert [r.organisation for r in seen.to_record] == ["AUBE", "NORD"] and seen.rows[0].name == "Fondation AUBE"
    assert count_ballots(workspace, round_id) == 1  # the preview wrote nothing
    with workspace.store.transaction() as s:
        assert bp.import_previewed(s, writer=workspace.writer, round_id=round_id, data=sheet.encode(),
                                   expected=seen) == 2
    assert count_ballots(workspace, round_id) == 3
    again = preview(workspace, round_id, sheet)
    assert [r.outcome for r in again.rows][:2] == [bp.UNCHANGED, bp.UNCHANGED]


def test_recording_refuses_when_the_round_changed_after_the_preview(workspace: Workspace, round_id: str) -> None:
    sheet = "organisation,weight,P1,P2\nAUBE,1,yes,no\n"
    seen = preview(workspace, round_id, sheet)
    with workspace.store.transaction() as s:
        aube = next(o.id for o in coalition.list_organisations(s) if o.code == "AUBE")
        rounds.cast_ballot(s, writer=workspace.writer, round_id=round_id, choices={}, on_behalf_of=aube)
    with pytest.raises(ValidationError, match="changed while the preview was open"), \
            workspace.store.transaction() as s:
        bp.import_previewed(s, writer=workspace.writer, round_id=round_id, data=sheet.encode(), expected=seen)
    assert count_ballots(workspace, round_id) == 1


def test_a_sheet_that_is_not_one_is_refused_whole(workspace: Workspace, round_id: str) -> None:
    with pytest.raises(BadFileError, match="first column must be 'organisation'"):
        preview(workspace, round_id, "org,P1\nAUBE,yes\n")
    with pytest.raises(ValidationError, match="the column 'P7' names no proposal of this round"):
        preview(workspace, round_id, "organisation,weight,P1,P7\nAUBE,1,yes,no\n")
    with pytest.raises(ValidationError, match="quote that is never closed"):
        preview(workspace, round_id, 'organisation,weight,P1,P2\nAUBE,1,yes,no\nNORD,1,"yes,no\n')
    with workspace.store.transaction() as s:
        rounds.close_round(s, writer=workspace.writer, round_id=round_id)
    with pytest.raises(ValidationError, match="is closed"):
        preview(workspace, round_id, "organisation,weight,P1,P2\nAUBE,1,yes,no\n")


def test_the_close_preview_lists_who_voted_and_who_did_not(workspace: Workspace, round_id: str) -> None:
    with workspace.store.transaction() as s:
        info = rounds.get_round(s, round_id)
        aube = next(v.org_id for v in info.electorate if v.code == "AUBE")
        rounds.cast_ballot(s, writer=workspace.writer, round_id=round_id, choices={}, on_behalf_of=aube)
        rounds.cast_ballot(s, writer=workspace.writer, round_id=round_id, choices={info.proposals[0].id: "no"})
        seen = close_preview(s, round_id=round_id)
    assert [(v.code, v.by_proxy) for v in seen.voted] == [("AUBE", True), ("CNT", False)]
    assert [v.code for v in seen.missing] == ["NORD", "SUD"]
    assert (seen.turnout.cast, seen.turnout.electorate, seen.turnout.quorum_met) == (2, 4, True)


def test_turnout_is_judged_on_weights(workspace: Workspace, group_id: str) -> None:
    w = workspace.writer
    with workspace.store.transaction() as s:
        big = coalition.add_organisation(s, writer=w, name="Big", code="BIG", country="FR", language="fr")
        pid = proposals.create_proposal(s, writer=w, group_id=group_id, fields={"title": "A"}).id
        info = rounds.open_round(s, writer=w, title="W", method="approval", proposal_ids=[pid],
                                 electorate=[(w.profile.org_id, "1"), (big.id, "3")], quorum="1/2")
        rounds.cast_ballot(s, writer=w, round_id=info.id, choices={pid: "yes"})
        seen = turnout(info, rounds.ballots(s, round_id=info.id))
    assert (seen.cast, seen.electorate, seen.cast_weight, seen.electorate_weight) == (1, 2, 1, 4)
    assert seen.weighted and not seen.quorum_met  # one organisation of two, but weight 1 of 4


def test_why_explains_every_place_and_every_tie() -> None:
    ballots = [RankingBallot("a", [["A"], ["B", "C"], ["D"]]), RankingBallot("b", [["A"], ["C", "B"], ["D"]]),
               RankingBallot("c", [["D"], ["A"]])]
    result = count_schulze(["A", "B", "C", "D"], ballots)
    assert result.order == (("A",), ("B", "C"), ("D",))
    steps = why_order(result)
    assert [(s.upper, s.lower, s.tied) for s in steps] == [("A", "B", False), ("A", "C", False),
                                                          ("B", "C", True), ("B", "D", False)]
    assert steps[0].path == ("A", "B") and steps[0].strength == 3 and steps[0].against == 0
    assert pair_facts(result, "B", "C").verdict == "tied" and pair_facts(result, "D", "A").verdict == "below"


def test_the_demo_has_two_closed_rounds_with_results_and_one_open(tmp_path: Path, stratplan_home: Path) -> None:
    ws = open_workspace(tmp_path / "d.sqlite", stratplan_home / "keys")
    with ws.store.transaction() as s:
        counts = install_demo(s, writer=ws.writer, data=load_demo_file(resource_path("demo", "coalition.json")))
        listed = rounds.list_rounds(s)
        by_method = {r.method: r for r in listed}
        approval = rounds.tally(s, round_id=by_method["approval"].id).approval
        ranking = rounds.tally(s, round_id=by_method["ranking"].id).schulze
        received = rounds.ballots(s, round_id=by_method["approval"].id)
    assert counts["rounds"] == 3 and counts["ballots"] == 35
    assert [(r.method, r.status) for r in listed] == [("score", "open"), ("ranking", "closed"),
                                                      ("approval", "closed")]
    assert approval is not None and [p.adopted for p in approval.proposals].count(True) == 3
    assert approval.proposals[1].support == Fraction(3, 5)  # 60%: below 2/3, a close call
    assert ranking is not None and len(ranking.order) == 5
    # Ballots were signed by their own organisations, two entered on paper by the convener.
    assert sum(b.entered_by != b.org_code for b in received) == 2
    assert all(b.valid and b.counted for b in received)
    assert not rounds.results_visible(listed[0]) and by_method["score"].closes
    # In the open round the Philippine member gave its vote to the Indian one, who voted.
    with ws.store.transaction() as s:
        calls = {e.code: (e.how, e.through_code) for e in rounds.tally(s, round_id=by_method["score"].id).roll_call}
    code = {o["key"]: o["code"] for o in load_demo_file(resource_path("demo", "coalition.json"))["organisations"]}
    assert calls[code["ph-1"]] == ("by_delegation", code["in-1"]) and calls[code["in-1"]] == ("in_person", "")
    ws.close()
