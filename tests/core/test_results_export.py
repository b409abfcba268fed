"""Results leave the application as CSV and as a Word annex that reads back correctly."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from stratplan.core.export.results import results_csv, results_docx
from stratplan.core.services import coalition, proposals, rounds
from stratplan.core.workspace import Workspace


def make_round(ws: Workspace, group_id: str, method: str) -> dict:  # type: ignore[type-arg]
    w = ws.writer
    with ws.store.transaction() as s:
        coalition.add_organisation(s, writer=w, name="Aube", code="AUBE", country="FR", language="fr")
        pids = [proposals.create_proposal(s, writer=w, group_id=group_id, fields={"title": t}).id
                for t in ("Mokymai policijai ąčęėįšųūž", "Exit programme")]
        r = rounds.open_round(s, writer=w, title="Paris 2026", method=method, proposal_ids=pids)
        choices = {"approval": {pids[0]: "yes", pids[1]: "no"}, "ranking": [[pids[1]], [pids[0]]],
                   "score": {pids[0]: 4, pids[1]: 2}}[method]
        rounds.cast_ballot(s, writer=w, round_id=r.id, choices=choices)
        return rounds.tally_json(rounds.close_round(s, writer=w, round_id=r.id))


def test_approval_results_as_csv_and_lithuanian_word_annex(workspace: Workspace, group_id: str, tmp_path: Path) -> None:
    data = make_round(workspace, group_id, "approval")
    text = results_csv(data)
    assert text.splitlines()[0] == "place,proposal,yes,no,abstain,support,adopted"
    assert "1,Mokymai policijai ąčęėįšųūž,1,0,0,1,yes" in text  # 1 of 2 voted: quorum 1/2 met, 1/1 support
    assert "2,Exit programme,0,1,0,0,no" in text
    path = tmp_path / "annex.docx"
    results_docx(data, path, language="lt")
    doc = Document(str(path))
    assert doc.paragraphs[0].text == "Balsavimo rezultatai: Paris 2026"
    assert doc.paragraphs[0].style.name == "Heading 1"
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Pasiūlymas", "Taip", "Ne", "Susilaikė", "Pritarimas",
                                                      "Rezultatas"]
    assert table.rows[1].cells[0].text == "Mokymai policijai ąčęėįšųūž"
    assert table.rows[1].cells[5].text in ("priimtas", "nepriimtas")
    # Widths from content: the title column widest, the vote columns narrow but each as wide
    # as its longest word ("Susilaikė"), so no header breaks mid-word; the header repeats.
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    title, yes, no, abstain, support, result = grid
    assert title > support > no and title > 2 * yes
    assert abstain >= len("Susilaikė") * 120 and no >= len("Ne") * 140
    assert table.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    assert doc.styles["Normal"].font.name == "Calibri"  # the font the widths are made for


def test_ranking_annex_has_the_order_and_the_matrix(workspace: Workspace, group_id: str, tmp_path: Path) -> None:
    data = make_round(workspace, group_id, "ranking")
    path = tmp_path / "annex.docx"
    results_docx(data, path, language="fr")
    doc = Document(str(path))
    assert doc.paragraphs[0].text.startswith("Résultats du vote")
    # No threshold or quorum decides a ranking: the annex states the method and the turnout.
    assert [p.text for p in doc.paragraphs[1:3]] == [
        "Méthode\u00a0: classement (Schulze). Statut\u00a0: clos.",
        "Participation\u00a0: 1\u00a0sur\u00a02 (50\u00a0%) bulletins."]
    order, matrix, roll_call = doc.tables
    assert [c.text for c in order.rows[1].cells] == ["1", "Exit programme", "1"]
    assert [c.text for c in matrix.rows[0].cells] == ["", "P1", "P2"]
    assert matrix.rows[2].cells[1].text == "1"  # P2 over P1 on one ballot
    # The roll call: who voted in person, by delegation (through whom), and who did not.
    assert "Appel nominal" in [p.text for p in doc.paragraphs]
    assert [[c.text for c in row.cells] for row in roll_call.rows] == [
        ["Organisation", "Vote", "Par"], ["Aube (AUBE)", "n'a pas voté", ""],
        ["Centras Laisvė (CNT)", "en personne", ""]]


def test_score_results_csv(workspace: Workspace, group_id: str) -> None:
    data = make_round(workspace, group_id, "score")
    lines = results_csv(data).splitlines()
    assert lines[1].startswith("1,Mokymai policijai ąčęėįšųūž,4,4,4,0,0,0,0,1,0,0")


def _twips(length: int | None) -> int:
    """Word stores page sizes in whole twips (635 EMU)."""
    return round((length or 0) / 635)


def test_score_annex_too_wide_for_portrait_turns_landscape(workspace: Workspace, group_id: str,
                                                           tmp_path: Path) -> None:
    data = make_round(workspace, group_id, "score")
    path = tmp_path / "annex.docx"
    results_docx(data, path, language="lt")
    doc = Document(str(path))
    section = doc.sections[0]
    assert section.page_width > section.page_height  # twelve columns across an A4 page
    assert {_twips(section.page_width), _twips(section.page_height)} == {_twips(Cm(21)),
                                                                          _twips(Cm(29.7))}
    table = doc.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[0] == "Vieta" and header[-1] == "Daugumos įvertinimas"
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid) == 12 and grid[-1] >= len("įvertinimas") * 140  # no word broken
    assert table.rows[1].cells[1].text == "Mokymai policijai ąčęėįšųūž"


def test_approval_annex_stays_portrait_a4(tmp_path: Path) -> None:
    results_docx(TALLY, tmp_path / "a.docx", language="en")
    section = Document(str(tmp_path / "a.docx")).sections[0]
    assert (_twips(section.page_width), _twips(section.page_height)) == (_twips(Cm(21)),
                                                                          _twips(Cm(29.7)))


TALLY = {
    "round": "r1", "title": "Paris 2026", "method": "approval", "status": "closed",
    "threshold": "2/3", "quorum": "1/2", "basis": "expressed", "cast": "27", "electorate": "30",
    "quorum_met": True, "order": [["a"], ["b"]],
    "proposals": [
        {"id": "a", "title": "Community work", "yes": "24", "no": "3", "abstain": "0",
         "support": "8/9", "adopted": True},
        {"id": "b", "title": "Exit programme", "yes": "9", "no": "18", "abstain": "0",
         "support": "1/3", "adopted": False},
    ],
}


@pytest.mark.parametrize(("language", "support", "rules", "turnout"), [
    ("en", "24\u00a0of\u00a027 (89%)",
     "Method: approval. Threshold: 2/3 of the votes expressed (yes and no). "
     "Quorum: 1/2 of the electorate. Status: closed.",
     "Turnout: 27\u00a0of\u00a030 (90%) ballots; quorum reached."),
    ("lt", "24\u00a0iš\u00a027 (89\u00a0%)", "Metodas: pritarimas.",
     "Dalyvavo: 27\u00a0iš\u00a030 (90\u00a0%) biuleteniai; kvorumas yra."),
    ("fr", "24\u00a0sur\u00a027 (89\u00a0%)", "Méthode\u00a0: approbation.",
     "Participation\u00a0: 27\u00a0sur\u00a030 (90\u00a0%) bulletins\u00a0; quorum atteint."),
    ("es", "24\u00a0de\u00a027 (89%)", "Método: aprobación.",
     "Participación: 27\u00a0de\u00a030 (90%) papeletas; quórum alcanzado."),
])
def test_word_annex_prints_support_as_counts_under_the_rules(
        tmp_path: Path, language: str, support: str, rules: str, turnout: str) -> None:
    path = tmp_path / "annex.docx"
    results_docx(TALLY, path, language=language)
    doc = Document(str(path))
    # The reader meets the rules and the turnout first, then the table.
    assert doc.paragraphs[1].text.startswith(rules)
    assert doc.paragraphs[2].text == turnout
    table = doc.tables[0]
    assert table.rows[1].cells[4].text == support
    assert table.rows[2].cells[4].text.startswith("9\u00a0")
    text = "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for row in table.rows for c in row.cells])
    assert "8/9" not in text and "1/3" not in text


def test_weighted_votes_print_as_decimals_in_the_document_language(tmp_path: Path) -> None:
    # Weights of 1.5: 3 organisations for (9/2), one against (3/2); the store keeps fractions.
    weighted = {**TALLY, "cast": "6", "electorate": "15/2", "proposals": [
        {"id": "a", "title": "Community work", "yes": "9/2", "no": "3/2", "abstain": "0",
         "support": "3/4", "adopted": True}]}
    path = tmp_path / "weighted.docx"
    results_docx(weighted, path, language="fr")
    doc = Document(str(path))
    row = [c.text for c in doc.tables[0].rows[1].cells]
    assert row[1:5] == ["4,5", "1,5", "0", "4,5\u00a0sur\u00a06 (75\u00a0%)"]
    assert doc.paragraphs[2].text.startswith("Participation\u00a0: 6\u00a0sur\u00a07,5 (80\u00a0%)")
    assert "9/2" not in row[1] and "3/4" not in row[4]
