"""A programme release written to Word from a real store reads as its readers see it: a cover
that does not repeat its title, and voting annexes with counts under the rules that applied."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from stratplan.core.export.docx_writer import write_docx
from stratplan.core.services import coalition, groups, programme, proposals, rounds
from stratplan.core.workspace import Workspace


def _body(path: Path) -> list[tuple[str, str]]:
    """The body in reading order: ("p", text) for paragraphs, ("t", first data row) for tables."""
    document = docx.Document(str(path))
    out = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append(("p", "".join(t.text or "" for t in child.iter(qn("w:t")))))
        elif child.tag == qn("w:tbl"):
            rows = child.findall(qn("w:tr"))
            cells = rows[1].findall(qn("w:tc")) if len(rows) > 1 else []
            out.append(("t", " | ".join("".join(t.text or "" for t in c.iter(qn("w:t")))
                                        for c in cells)))
    return out


def _annex_start(body: list[tuple[str, str]], title: str) -> int:
    """Where the annex's heading is (the contents page lists the same words first)."""
    return max(i for i, item in enumerate(body) if item == ("p", f"Annex: Voting results: {title}"))


@pytest.fixture
def release_path(workspace: Workspace, tmp_path: Path) -> Path:
    """Four organisations: two for and two against the first point, then a ranking round."""
    w = workspace.writer
    with workspace.store.transaction() as s:
        group = groups.list_groups(s)[0].id
        pids = [proposals.create_proposal(s, writer=w, group_id=group, fields={
            "title": t, "status": "adopted", "body": "Text."}).id
            for t in ("Police training", "Exit programme")]
        others = [coalition.add_organisation(s, writer=w, name=n, code=n.upper(), country="FR",
                                             language="fr").id for n in ("Aube", "Brise", "Cime")]
        r = rounds.open_round(s, writer=w, title="Paris", method="approval", proposal_ids=pids,
                              threshold="1/2", quorum="1/2")
        for org, vote in zip(["", *others], ("yes", "yes", "no", "no"), strict=True):
            rounds.cast_ballot(s, writer=w, round_id=r.id, on_behalf_of=org,
                               choices={pids[0]: vote, pids[1]: "no"})
        rounds.close_round(s, writer=w, round_id=r.id)
        k = rounds.open_round(s, writer=w, title="Order", method="ranking", proposal_ids=pids)
        rounds.cast_ballot(s, writer=w, round_id=k.id, choices=[[pids[1]], [pids[0]]])
        rounds.close_round(s, writer=w, round_id=k.id)
        programme.save_layout(s, writer=w, sections=[("", "Justice", pids)])
        release = programme.create_release(s, writer=w, name="v1")
        model = programme.release_document(s, release_id=release.id, language="en")
    path = tmp_path / "programme.docx"
    write_docx(model, path)
    return path


def test_cover_names_the_coalition_and_release_under_the_title(release_path: Path) -> None:
    paragraphs = docx.Document(str(release_path)).paragraphs
    assert (paragraphs[0].style.name, paragraphs[0].text) == ("Title", "Unified programme")
    assert (paragraphs[1].style.name, paragraphs[1].text) == ("Subtitle",
                                                              "Test coalition · Release v1")


def test_annex_counts_support_under_its_rules(release_path: Path) -> None:
    body = _body(release_path)
    start = _annex_start(body, "Paris")
    intro, turnout = body[start + 1][1], body[start + 2][1]
    assert intro == ("Method: approval. Threshold: 1/2 of the votes expressed (yes and no). "
                     "Quorum: 1/2 of the electorate. Status: closed.")
    assert turnout == "Turnout: 4\u00a0of\u00a04 (100%) ballots; quorum reached."
    table = next(text for kind, text in body[start:] if kind == "t")
    # Two yes and two no: "2 of 4 (50%)", not the reduced "1/2" that reads as one organisation.
    assert table == "Police training | 2 | 2 | 0 | 2\u00a0of\u00a04 (50%) | adopted"
    assert "1/2 |" not in table


def test_a_ranking_annex_states_its_turnout_not_unused_rules(release_path: Path) -> None:
    body = _body(release_path)
    start = _annex_start(body, "Order")
    assert [text for _, text in body[start + 1:start + 3]] == [
        "Method: ranking (Schulze). Status: closed.",
        "Turnout: 1\u00a0of\u00a04 (25%) ballots."]
