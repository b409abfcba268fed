"""Ballot files: template, import on behalf of organisations, refusals with line numbers, recount."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from stratplan.core.errors import BadFileError, ValidationError
from stratplan.core.services import ballot_csv, coalition, proposals, rounds
from stratplan.core.workspace import Workspace


@pytest.fixture
def round_id(workspace: Workspace, group_id: str) -> str:
    w = workspace.writer
    with workspace.store.transaction() as s:
        for code in ("AUBE", "NORD", "SUD"):
            coalition.add_organisation(s, writer=w, name=code, code=code, country="FR", language="fr")
        pids = [proposals.create_proposal(s, writer=w, group_id=group_id, fields={"title": t}).id
                for t in ("Police training", "Exit programme")]
        return rounds.open_round(s, writer=w, title="Paris", method="approval", proposal_ids=pids).id


def test_template_then_import_then_export_round_trip(workspace: Workspace, round_id: str) -> None:
    w = workspace.writer
    with workspace.store.transaction() as s:
        template = ballot_csv.export_ballots_csv(s, round_id=round_id)
    lines = template.splitlines()
    assert lines[0] == "organisation,weight,P1 Police training,P2 Exit programme"
    assert len(lines) == 5  # header + four organisations, nobody has voted yet
    filled = template.replace("AUBE,1,,", "AUBE,1,yes,no").replace("NORD,1,,", "NORD,1,taip,").encode()
    with workspace.store.transaction() as s:
        assert ballot_csv.import_ballots_csv(s, writer=w, round_id=round_id, data=filled) == 2
        cast = {b.org_code: b for b in rounds.ballots(s, round_id=round_id)}
        assert cast["AUBE"].entered_by == "CNT" and cast["NORD"].choices == {
            rounds.get_round(s, round_id).proposals[0].id: "yes"}
        exported = ballot_csv.export_ballots_csv(s, round_id=round_id)
    assert "AUBE,1,yes,no" in exported and "NORD,1,yes,abstain" in exported
    recount = ballot_csv.count_csv(exported.encode(), method="approval", threshold=Fraction(2, 3),
                                   quorum=Fraction(1, 2))
    assert recount["cast"] == "2" and recount["electorate"] == "4" and recount["quorum_met"]
    assert [p["adopted"] for p in recount["proposals"]] == [True, False]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("organisation,weight,P1,P2\nXYZ,1,yes,no\n", "line 2: XYZ is not in this round's electorate"),
        ("organisation,weight,P1,P9\nAUBE,1,yes,no\n", "'P9' is not a proposal"),
        ("organisation,weight,P1,P2\nAUBE,1,yes,no\nAUBE,1,no,no\n", "line 3: a second ballot for AUBE"),
        ("organisation,weight,P1,P2\nAUBE,1,maybe,no\n", "line 2: 'maybe' is not yes, no or abstain"),
        ("organisation,weight,P1,P2\nAUBE,-1,yes,no\n", "line 2: the weight must be above zero"),
    ],
)
def test_bad_files_are_refused_whole_with_the_line(workspace: Workspace, round_id: str, body: str,
                                                   message: str) -> None:
    good = "NORD,1,yes,yes\n"
    with pytest.raises(ValidationError, match=message), workspace.store.transaction() as s:
        ballot_csv.import_ballots_csv(s, writer=workspace.writer, round_id=round_id, data=(body + good).encode())
    with workspace.store.transaction() as s:
        assert rounds.ballots(s, round_id=round_id) == []  # the good line was not imported either


def test_files_that_are_not_ballot_files(workspace: Workspace, round_id: str) -> None:
    for data, message in ((b"", "empty"), (b"\xff\xfe\x00garbage", "UTF-8"), (b"name,x\n", "organisation"),
                          (b"x" * 5_000_001, "5 MB")):
        with pytest.raises(BadFileError, match=message), workspace.store.transaction() as s:
            ballot_csv.import_ballots_csv(s, writer=workspace.writer, round_id=round_id, data=data)


def test_a_closed_round_takes_no_ballots(workspace: Workspace, round_id: str) -> None:
    with workspace.store.transaction() as s:
        rounds.close_round(s, writer=workspace.writer, round_id=round_id)
        with pytest.raises(ValidationError, match="closed"):
            ballot_csv.import_ballots_csv(s, writer=workspace.writer, round_id=round_id,
                                          data=b"organisation,weight,P1,P2\nAUBE,1,yes,no\n")


def test_recount_a_ranking_file_with_no_store(tmp_path: Path) -> None:
    rows = ["organisation,weight,ranking"]
    # Wikipedia's Schulze example, 45 voters
    for count, order in ((5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"), (7, "CAEBD"), (2, "CBADE"),
                         (7, "DCEBA"), (8, "EBADC")):
        rows += [f"V{order}{i},1,{' > '.join(order)}" for i in range(count)]
    data = ("\n".join(rows) + "\n").encode()
    schulze = ballot_csv.count_csv(data, method="schulze", threshold=Fraction(2, 3), quorum=Fraction(1, 2))
    assert schulze["order"] == [["E"], ["A"], ["C"], ["B"], ["D"]]
    assert schulze["pairwise"]["A"]["B"] == "20" and schulze["strongest_paths"]["E"]["D"] == "31"
    borda = ballot_csv.count_csv(data, method="borda", threshold=Fraction(2, 3), quorum=Fraction(1, 2))
    assert sum(Fraction(v) for v in borda["points"].values()) == 45 * 10  # 4+3+2+1+0 per ballot
    with pytest.raises(ValidationError, match="line 2: the ranking 'A > > B' has an empty place"):
        ballot_csv.count_csv(b"organisation,weight,ranking\nX,1,A > > B\n", method="schulze",
                             threshold=Fraction(2, 3), quorum=Fraction(1, 2))


def test_a_refused_ballot_file_reads_in_the_directors_language(workspace: Workspace, round_id: str) -> None:
    """Every problem of the file, and how many more, in the reader's language and plural form."""
    body = "organisation,weight,P1,P2\n" + "".join(f"X{i},1,yes,no\n" for i in range(12))
    with pytest.raises(ValidationError) as refused, workspace.store.transaction() as s:
        ballot_csv.import_ballots_csv(s, writer=workspace.writer, round_id=round_id, data=body.encode())
    english = str(refused.value)
    assert english.startswith("Nothing was imported. line 2: X0 is not in this round's electorate; line 3: X1")
    assert english.endswith("line 11: X9 is not in this round's electorate (and 2 more).")
    french = refused.value.translated("fr")
    assert french.startswith("Rien n'a été importé. ligne 2\u00a0: X0 ne fait pas partie du corps électoral")
    assert french.endswith("(et 2 autres problèmes).")
    assert refused.value.translated("lt").endswith("(ir dar 2 problemos).")
    assert refused.value.translated("es").endswith("(y 2 problemas más).")
