"""Covers name the organisation, the country and the date in the document's language, under a
subtitle that never repeats the title."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from stratplan.core.export.document import DocMeta, DocModel, DocSection, labels
from stratplan.core.export.docx_writer import write_docx
from stratplan.core.export.text_writers import write_html, write_markdown


def model(language: str, kind: str = "local_plan", title: str = "") -> DocModel:
    meta = DocMeta(kind=kind, title=title or labels(language)[kind], coalition="CAP International",
                   organisation="Centras Laisvė", country="LT", release="Paris 2026, v1",
                   date="2026-12-02", language=language)
    return DocModel(meta=meta, sections=(DocSection("Prevencija", ()),))


@pytest.mark.parametrize(("language", "country", "date", "subtitle"), [
    ("en", "Lithuania", "2 December 2026", "Centras Laisvė"),
    ("lt", "Lietuva", "2026 m. gruodžio 2 d.", "Centras Laisvė"),
    ("fr", "Lituanie", "2 décembre 2026", "Centras Laisvė"),
    ("es", "Lituania", "2 de diciembre de 2026", "Centras Laisvė"),
])
def test_cover_in_each_language(tmp_path: Path, language: str, country: str, date: str,
                                subtitle: str) -> None:
    path = tmp_path / f"{language}.docx"
    write_docx(model(language), path)
    document = Document(str(path))
    title, below = document.paragraphs[0], document.paragraphs[1]
    assert title.style.name == "Title" and title.text == labels(language)["local_plan"]
    assert below.style.name == "Subtitle" and below.text == subtitle != title.text
    facts = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    t = labels(language)
    assert facts[t["organisation"]] == "Centras Laisvė"
    assert facts[t["country"]] == country and facts[t["date"]] == date
    assert "LT" not in facts.values() and "2026-12-02" not in facts.values()


def test_a_plan_with_its_own_title_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "own.docx"
    write_docx(model("fr", title="Notre plan 2027"), path)
    below = Document(str(path)).paragraphs[1].text
    assert below == "Plan local · Centras Laisvė"


def test_programme_and_training_plan_subtitles(tmp_path: Path) -> None:
    path = tmp_path / "p.docx"
    write_docx(model("es", kind="programme"), path)
    paragraphs = Document(str(path)).paragraphs
    assert paragraphs[0].text == "Programa común"
    assert paragraphs[1].text == "Centras Laisvė · Versión Paris 2026, v1"
    write_docx(model("lt", kind="training_plan"), path)
    paragraphs = Document(str(path)).paragraphs
    assert (paragraphs[0].text, paragraphs[1].text) == ("Mokymų planas",
                                                         "Tarpusavio mokymai · Centras Laisvė")


def test_first_of_the_month_in_french(tmp_path: Path) -> None:
    meta = DocMeta(kind="programme", title="Programme commun", coalition="CAP", organisation="",
                   country="", release="", date="2027-01-01", language="fr")
    assert "- **Date:** 1er janvier 2027" in write_markdown(DocModel(meta, ()))


def test_markdown_and_html_covers_use_words_not_codes() -> None:
    markdown, html = write_markdown(model("fr")), write_html(model("fr"))
    assert "- **Pays:** Lituanie" in markdown and "- **Date:** 2 décembre 2026" in markdown
    assert "*Centras Laisvė*" in markdown
    assert "<dd>Lituanie</dd>" in html and "<dd>2 décembre 2026</dd>" in html
    assert '<p class="subtitle">Centras Laisvė</p>' in html


def test_a_cover_with_nothing_to_add_has_no_empty_subtitle(tmp_path: Path) -> None:
    meta = DocMeta(kind="programme", title="Unified programme", coalition="", organisation="",
                   country="", release="", date="2026-12-02", language="en")
    path = tmp_path / "bare.docx"
    write_docx(DocModel(meta, (DocSection("Prevention", ()),)), path)
    paragraphs = Document(str(path)).paragraphs
    assert paragraphs[0].text == "Unified programme"
    assert "Subtitle" not in [p.style.name for p in paragraphs]
    assert paragraphs[0].text not in [p.text for p in paragraphs[1:3]]
