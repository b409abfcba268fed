"""Every run of a Word export carries its language: a French proposal inside an English
programme is French to Word's spelling checker, the labels around it English."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from stratplan.core.export.document import DocMeta, DocModel, DocPoint, DocSection
from stratplan.core.export.docx_writer import write_docx
from stratplan.core.export.language_tags import guess_language, word_tag
from stratplan.core.export.text_writers import write_html
from stratplan.core.services import localplans, programme, proposals
from stratplan.core.workspace import Workspace

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FRENCH = ("Former les magistrats", "Un module de formation pour les juges et les procureurs sur "
          "l'identification des victimes de la traite et de l'exploitation sexuelle.")
ENGLISH = ("Train the police", "A course for police officers on identifying the victims of "
           "trafficking and on the rights of the people they meet.")


def point(number: str, title: str, body: str, language: str = "") -> DocPoint:
    return DocPoint(number=number, title=title, summary="", body=body, objective=body[:40],
                    actions=("Write the module",), indicators=(), responsible="Secretariat",
                    start="", end="", resources="", level="international", tags=(),
                    language=language)


def runs_by_text(path: Path) -> dict[str, set[str]]:
    """Each run's text -> the languages it is tagged with (None when a run has no tag)."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    found: dict[str, set[str]] = {}
    for r in root.iter(f"{W}r"):
        text = "".join(t.text or "" for t in r.iter(f"{W}t"))
        if not text.strip():
            continue
        lang = r.find(f"{W}rPr/{W}lang")
        found.setdefault(text, set()).add(lang.get(f"{W}val") if lang is not None else "NONE")
    return found


def test_a_french_point_in_an_english_programme(tmp_path: Path) -> None:
    meta = DocMeta(kind="programme", title="Unified programme", coalition="CAP", organisation="",
                   country="", release="v1", date="2026-12-02", language="en")
    model = DocModel(meta, (DocSection("Justice", (point("1.1", *FRENCH, language="fr"),
                                                   point("1.2", *ENGLISH))),))
    path = tmp_path / "p.docx"
    write_docx(model, path)
    runs = runs_by_text(path)
    assert all("NONE" not in langs for langs in runs.values()), runs  # every run is tagged
    assert runs["1.1 Former les magistrats"] == {"fr-FR"}
    assert runs[FRENCH[1]] == {"fr-FR"}  # the body
    assert runs["Responsible"] == {"en-GB"}  # the field table's label stays English
    assert runs["1.2 Train the police"] == {"en-GB"}
    assert runs["1. Justice"] == {"en-GB"} and runs["Unified programme"] == {"en-GB"}
    with zipfile.ZipFile(path) as z:
        toc = etree.fromstring(z.read("word/document.xml"))
    entries = [p for p in toc.iter(f"{W}p")
               if p.find(f"{W}pPr/{W}pStyle") is not None
               and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val").startswith("TOC")]
    langs = {"".join(t.text or "" for t in e.iter(f"{W}t")).split("\t")[0]:
             e.find(f".//{W}r/{W}rPr/{W}lang").get(f"{W}val") for e in entries}
    assert langs["1.1 Former les magistrats"] == "fr-FR" and langs["1. Justice"] == "en-GB"
    assert 'lang="fr"' in write_html(model)


def test_language_guessed_when_the_proposal_does_not_say() -> None:
    assert guess_language(*FRENCH) == "fr"
    assert guess_language(*ENGLISH) == "en"
    assert guess_language("Mokymai policijos pareigūnams apie aukų atpažinimą ir jų teises, "
                          "kad būtų galima padėti.") == "lt"
    assert guess_language("Formación para la policía sobre la identificación de las víctimas "
                          "de la trata y sus derechos.") == "es"
    assert guess_language("Budget 2027") == ""  # too little to tell: the document's language
    assert word_tag("sv") == "sv-SE" and word_tag("lt") == "lt-LT" and word_tag("") == ""


def test_release_points_keep_their_authors_language(workspace: Workspace, group_id: str) -> None:
    w = workspace.writer
    with workspace.store.transaction() as s:
        made = [proposals.create_proposal(s, writer=w, group_id=group_id, fields={
            "title": title, "body": body, "language": lang, "status": "adopted"}).id
            for (title, body), lang in ((FRENCH, "fr"), (ENGLISH, "en"))]
        programme.save_layout(s, writer=w, sections=[("", "Justice", made)])
        release = programme.create_release(s, writer=w, name="v1")
        model = programme.release_document(s, release_id=release.id, language="lt")
        plan = localplans.start_plan(s, writer=w, release_id=release.id, title="")
        localplans.decide(s, writer=w, plan_id=plan.id, point_id=made[1], decision="adapt",
                          local={"body": "Mūsų tekstas lietuviškai, kad būtų aišku."})
        localplans.add_local_point(s, writer=w, plan_id=plan.id, fields={"title": "Savanoriai"})
        local = localplans.plan_document(s, plan_id=plan.id, language="lt")
    assert [p.language for p in model.sections[0].points] == ["fr", "en"]
    # The adapted point's language is guessed from its text; our own point is in ours.
    assert [p.language for p in local.sections[0].points] == ["fr", ""]
    assert local.sections[1].title == "Vietos punktai"
    assert local.sections[1].points[0].language == "lt"
