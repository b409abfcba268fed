"""The training plan is a document of its own: pairings with partner, contact, area, formats,
languages, what will be done and when, in the document's language; no plan-point fields."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from stratplan.core.export.docx_writer import write_docx
from stratplan.core.export.text_writers import write_html, write_markdown
from stratplan.core.services import coalition, peer
from stratplan.core.workspace import Workspace

SHEET = ("organisation,kind,area,priority,name,description,languages,formats\n"
         "AUBE,offer,data-research,,Base de données ouverte,Notre outil de suivi des cas.,fr en,"
         "training;study_visit\n"
         "CNT,offer,police-prosecutors,,Prokurorų mokymų modulis,Dviejų dienų modulis.,lt en,"
         "mentoring\n"
         "AUBE,need,police-prosecutors,high,,Former nos procureurs.,,\n").encode()


@pytest.fixture
def plan_store(workspace: Workspace) -> dict[str, str]:
    """Our organisation (CNT, Lithuania) receives a French tool and gives one of its own."""
    w = workspace.writer
    with workspace.store.transaction() as s:
        aube = coalition.add_organisation(s, writer=w, name="Fondation Aube", code="AUBE",
                                          country="FR", language="fr").id
        coalition.add_person(s, writer=w, name="Claire Dubois", role="director", org_id=aube)
        peer.add_need(s, writer=w, area="data-research", priority="high",
                      description="Mums reikia bylų duomenų bazės.")
        peer.import_csv(s, writer=w, data=SHEET)
        for found in peer.matches(s).values():
            peer.confirm_pairing(s, writer=w, match=found[0])
        return {"CNT": w.profile.org_id, "AUBE": aube}


def _export(workspace: Workspace, org: str, language: str, path: Path) -> tuple[str, str]:
    with workspace.store.transaction() as s:
        model = peer.training_plan(s, org_id=org, language=language)
    write_docx(model, path)
    document = Document(str(path))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    return body, cells


def test_lithuanian_plan_speaks_of_pairings_not_plan_points(
        workspace: Workspace, plan_store: dict[str, str], tmp_path: Path) -> None:
    body, cells = _export(workspace, plan_store["CNT"], "lt", tmp_path / "lt.docx")
    assert "Mokymai, kuriuos gauname" in body and "Mokymai, kuriuos teikiame" in body
    assert "1.1 Base de données ouverte — Fondation Aube" in body
    assert "2.1 Prokurorų mokymų modulis — Fondation Aube" in body
    # Partner with the country's name, its director, the area, formats and languages, all
    # in Lithuanian; the need and the tool's description; when it was agreed.
    for expected in ("Partnerė organizacija", "Fondation Aube, Prancūzija",
                     "Claire Dubois (direktorius (-ė))", "Duomenų rinkimas ir tyrimai",
                     "mokymai ir pažintinis vizitas", "prancūzų ir anglų", "Ko mums reikia",
                     "Mums reikia bylų duomenų bazės.", "Kas bus daroma",
                     "Notre outil de suivi des cas.", "Pora patvirtinta 20"):
        assert expected in cells, expected
    # What the plan-point layout used to print: raw keys, "Level", "Tags", "Resources".
    for wrong in ("study_visit", "Lygmuo", "Žymos", "Ištekliai", "tarptautinis",
                  "Data collection"):
        assert wrong not in body + cells, wrong


def test_french_plan_of_the_partner(workspace: Workspace, plan_store: dict[str, str],
                                    tmp_path: Path) -> None:
    body, cells = _export(workspace, plan_store["AUBE"], "fr", tmp_path / "fr.docx")
    assert "Formations reçues" in body and "Formations données" in body
    assert "Centras Laisvė, Lituanie" in cells  # the partner, seen from Aube
    assert "Travail avec la police et le parquet" in cells
    assert "Notre besoin" in cells and "Former nos procureurs." in cells  # received
    assert "Le besoin du partenaire" in cells  # given: Centras Laisvė's need
    assert "Priorité du besoin\nhaute" in cells
    assert "mentorat" in cells and "lituanien et anglais" in cells
    assert "Binôme confirmé le" in cells
    assert "Rūta Žilinskienė (coordinateur·rice)" in cells  # who set up the coalition


def test_spanish_plan_and_an_empty_section(workspace: Workspace, tmp_path: Path) -> None:
    with workspace.store.transaction() as s:
        model = peer.training_plan(s, org_id=workspace.profile.org_id, language="es")
    path = tmp_path / "es.docx"
    write_docx(model, path)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Plan de formación" in text and "Formación entre pares" in text  # title, subtitle
    assert "Formación que recibimos" in text
    assert text.count("Todavía no hay ningún emparejamiento confirmado.") == 2


def test_markdown_and_html_carry_the_same_facts(workspace: Workspace,
                                               plan_store: dict[str, str]) -> None:
    with workspace.store.transaction() as s:
        model = peer.training_plan(s, org_id=plan_store["CNT"], language="en")
    markdown, html = write_markdown(model), write_html(model)
    assert "### 1.1 Base de données ouverte — Fondation Aube" in markdown
    assert "- **Delivery formats:** training and study visit" in markdown
    assert "- **Contact:** Claire Dubois (director)" in markdown
    assert "<th>Languages</th><td>French and English</td>" in html
    assert "Fondation Aube, France" in html and "Level" not in html
