"""The recount is complete: a ranking sheet names every candidate, malformed sheets are refused
with their line, and weights in a sheet are used or refused, never ignored."""

from __future__ import annotations

from fractions import Fraction

import pytest

from stratplan.core.errors import BadFileError, ValidationError
from stratplan.core.services import ballot_csv, coalition, proposals, rounds
from stratplan.core.workspace import Workspace

HALF, TWO_THIRDS = Fraction(1, 2), Fraction(2, 3)


@pytest.fixture
def ranking_round(workspace: Workspace, group_id: str) -> str:
    w = workspace.writer
    with workspace.store.transaction() as s:
        for code in ("AUBE", "NORD", "SUD"):
            coalition.add_organisation(s, writer=w, name=code, code=code, country="FR", language="fr")
        pids = [proposals.create_proposal(s, writer=w, group_id=group_id, fields={"title": t}).id
                for t in ("Police training", "Exit programme", "Shelter beds", "Helpline")]
        rid = rounds.open_round(s, writer=w, title="Priorities", method="ranking", proposal_ids=pids).id
        # Nobody ranks P4 (Helpline); P3 only appears on one ballot.
        for org, ranking in (("AUBE", [[pids[1]], [pids[0]]]), ("NORD", [[pids[1]], [pids[2]], [pids[0]]]),
                             ("SUD", [[pids[0]], [pids[1]]])):
            org_id = next(o.id for o in coalition.list_organisations(s) if o.code == org)
            rounds.cast_ballot(s, writer=w, round_id=rid, choices=ranking, on_behalf_of=org_id)
        return rid


def test_an_exported_ranking_sheet_recounts_to_the_windows_order(workspace: Workspace, ranking_round: str) -> None:
    with workspace.store.transaction() as s:
        sheet = ballot_csv.export_ballots_csv(s, round_id=ranking_round)
        window = rounds.tally_json(rounds.tally(s, round_id=ranking_round))
        label = {p.id: f"P{p.number}" for p in rounds.get_round(s, ranking_round).proposals}
    assert sheet.splitlines()[0] == ("organisation,weight,ranking,P1 Police training,P2 Exit programme,"
                                     "P3 Shelter beds,P4 Helpline")
    for method, key in (("schulze", "order"), ("borda", "borda_order")):
        recount = ballot_csv.count_csv(sheet.encode(), method=method, threshold=TWO_THIRDS, quorum=HALF)
        assert recount["order"] == [[label[p] for p in group] for group in window[key]]
        assert "P4" in {c for group in recount["order"] for c in group}  # nobody ranked it, still counted


def test_a_sheet_naming_a_ranking_outside_its_candidates_is_refused() -> None:
    data = b"organisation,weight,ranking,P1 A,P2 B\nAUBE,1,P1 > P7\n"
    with pytest.raises(ValidationError, match="line 2: 'P7' is not a proposal of this round"):
        ballot_csv.count_csv(data, method="schulze", threshold=TWO_THIRDS, quorum=HALF)


@pytest.mark.parametrize(("data", "message"), [
    (b'organisation,weight,P1,P2\nAUBE,1,yes,no\nNORD,1,"yes,no\n', r"line 3: the file is not valid CSV \(a quote"),
    (b'organisation,weight,P1,P2\nAUBE,1,"ye"s,no\n', "line 2: the file is not valid CSV"),
    (b"organisation,weight,P1,P2\nAUBE,1,yes,no,yes\n", "line 2: more cells than proposals"),
    (b"organisation,weight,ranking,P1,P2\nAUBE,1,P1 > P2,P1\n", "line 2: only the ranking column"),
])
def test_malformed_sheets_are_refused_naming_the_line(data: bytes, message: str) -> None:
    method = "schulze" if b"ranking" in data else "approval"
    with pytest.raises(ValidationError, match=message):
        ballot_csv.count_csv(data, method=method, threshold=TWO_THIRDS, quorum=HALF)


def test_an_unterminated_quote_in_the_header_is_refused() -> None:
    with pytest.raises(BadFileError, match="line 1"):
        ballot_csv.count_csv(b'organisation,weight,"P1\n', method="approval", threshold=TWO_THIRDS, quorum=HALF)


def test_weights_in_a_sheet_are_used_by_the_recount() -> None:
    data = b"organisation,weight,P1,P2\nAUBE,3,yes,no\nNORD,1,no,yes\n"
    recount = ballot_csv.count_csv(data, method="approval", threshold=HALF, quorum=HALF)
    assert recount["cast"] == "4" and [p["yes"] for p in recount["proposals"]] == ["3", "1"]
    assert [p["adopted"] for p in recount["proposals"]] == [True, False]


def test_a_different_weight_in_an_imported_sheet_is_refused(workspace: Workspace, group_id: str) -> None:
    w = workspace.writer
    with workspace.store.transaction() as s:
        coalition.add_organisation(s, writer=w, name="AUBE", code="AUBE", country="FR", language="fr")
        pids = [proposals.create_proposal(s, writer=w, group_id=group_id, fields={"title": t}).id
                for t in ("A", "B")]
        rid = rounds.open_round(s, writer=w, title="W", method="approval", proposal_ids=pids,
                                electorate=[(o.id, "2") for o in coalition.list_organisations(s)]).id
    with pytest.raises(ValidationError, match=r"line 2: the weight 5 differs from AUBE's weight in this round \(2\)"), \
            workspace.store.transaction() as s:
        ballot_csv.import_ballots_csv(s, writer=w, round_id=rid, data=b"organisation,weight,P1,P2\nAUBE,5,yes,no\n")
    with workspace.store.transaction() as s:
        assert rounds.ballots(s, round_id=rid) == []
        # The round's own weight (or an empty cell) is taken.
        assert ballot_csv.import_ballots_csv(s, writer=w, round_id=rid,
                                             data=b"organisation,weight,P1,P2\nAUBE,2,yes,no\nCNT,,no,no\n") == 2
