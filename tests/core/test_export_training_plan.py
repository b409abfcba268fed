"""The training plan is a document of its own: pairings with partner, contact, area, formats,
languages, what will be done and when, in the document's language; no plan-point fields."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from stratplan.core import vocabulary
from stratplan.core.export.docx_writer import write_docx
from stratplan.core.export.text_writers import write_html, write_markdown
from stratplan.core.services import coalition, peer
from stratplan.core.services.demo import demo_needs, install_demo, load_demo_file
from stratplan.core.workspace import Workspace, open_workspace
from stratplan.resources import resource_path

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


def test_every_demo_training_plan_in_lithuanian_has_no_english_names_or_keys(
        tmp_path: Path, stratplan_home: Path) -> None:
    ws = open_workspace(tmp_path / "demo.sqlite", stratplan_home / "keys")
    with ws.store.transaction() as s:
        install_demo(s, writer=ws.writer,
                     data=load_demo_file(resource_path("demo", "coalition.json")),
                     needs_csv=demo_needs(resource_path("demo")))
    plans = 0
    fields: dict[str, list[str]] = {}  # label -> the values printed beside it
    with ws.store.transaction() as s:
        for org in coalition.list_organisations(s):
            model = peer.training_plan(s, org_id=org.id, language="lt")
            if not any(section.activities for section in model.sections):
                continue
            plans += 1
            path = tmp_path / f"{org.code}.docx"
            write_docx(model, path)
            for table in Document(str(path)).tables[1:]:  # the cover's facts first
                for row in table.rows:
                    fields.setdefault(row.cells[0].text, []).append(row.cells[1].text)
    ws.close()
    assert plans >= 5  # the demo's pairings, seen from both sides
    # A pairing's facts, each on every pairing; not the plan-point fields.
    assert set(fields) >= {"Partnerė organizacija", "Kontaktinis asmuo", "Gebėjimų sritis",
                           "Mokymo formos", "Kalbos", "Kas bus daroma", "Kada"}
    assert not set(fields) & {"Lygmuo", "Žymos", "Ištekliai / biudžetas", "Rodikliai"}
    counts = {len(fields[k]) for k in ("Partnerė organizacija", "Gebėjimų sritis",
                                       "Mokymo formos", "Kalbos", "Kada")}
    assert len(counts) == 1
    # Areas, formats and priorities by their Lithuanian names, never a key or English.
    for label, domain in (("Gebėjimų sritis", "area"), ("Mokymo formos", "format"),
                          ("Poreikio prioritetas", "priority")):
        names = vocabulary.DOMAINS[domain]
        lithuanian = {n["lt"] for n in names.values()}
        for value in fields[label]:
            # An area's own name may hold "ir"; formats are joined with it.
            parts = [value] if domain == "area" else re.split(r", | ir ", value)
            assert set(parts) <= lithuanian, (label, value)
    # Languages, countries and roles in Lithuanian too.
    assert all(re.fullmatch(r"[a-ząčęėįšųūž]+(?: [a-ząčęėįšųūž]+)*(?:(?:, | ir )[a-ząčęėįšųūž]+(?: [a-ząčęėįšųūž]+)*)*", v)
               for v in fields["Kalbos"]), fields["Kalbos"]
    assert not [v for v in fields["Kontaktinis asmuo"]
                if re.search(r"\((?:director|facilitator|convener|member)\)", v)]
    assert not [v for v in fields["Partnerė organizacija"]
                if re.search(r", (?:Sweden|Japan|South Africa|France|Spain)$", v)]
