"""Word export read back with python-docx: structure, labels, lists, links, fields, failures."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from stratplan.core.errors import ExportLockedError, StratplanError, TemplateError
from stratplan.core.export.docx_writer import write_docx

from .conftest import LT, URL, sample_model


def _open(path: Path) -> docx.document.Document:
    return docx.Document(str(path))


def _styled(document: docx.document.Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


def _all_text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _xml(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def test_headings_numbering_and_styles(written: Callable[[str], Path]) -> None:
    document = _open(written("lt"))
    assert _styled(document, "Heading 1") == [
        "1. Švietimas", "2. Tuščias skyrius", "Priedas: Biudžetas"]
    points = _styled(document, "Heading 2")
    assert points == [f"1.1 Mokymai jaunimui {LT}", "1.2 Égalité des chances",
                      "1.3 المشاركة المدنية", "1.4 Ilgas punktas 🎉 ★", "1.5 Netaikomas punktas"]
    assert _styled(document, "Title") == [f"Vietos planas 2027–2030 {LT}"]
    assert _styled(document, "Subtitle") == ["Vietos planas · Centras Laisvė"]
    # "# Poskyris" inside a point sits below the point's Heading 2.
    assert _styled(document, "Heading 3") == ["Poskyris"]


def test_lithuanian_labels_in_field_tables(written: Callable[[str], Path]) -> None:
    document = _open(written("lt"))
    labels = {row.cells[0].text for table in document.tables for row in table.rows
              if len(row.cells) == 2}
    assert {"Tikslas", "Veiksmai", "Rodikliai", "Atsakingi", "Įgyvendinimo laikotarpis",
            "Ištekliai / biudžetas", "Lygmuo", "Žymos", "Koalicija", "Organizacija"} <= labels
    values = {row.cells[1].text for table in document.tables for row in table.rows
              if len(row.cells) == 2}
    assert "Dalyviai: 10 → 120 asm." in values
    assert "2027 m. sausio 1 d. – 2027 m. gruodžio 31 d." in values
    assert "nacionalinis" in values
    assert "Surengti mokymus\nParengti gaires" in values
    actions_cell = next(row.cells[1] for table in document.tables for row in table.rows
                        if row.cells[0].text == "Veiksmai")
    assert [p.style.name for p in actions_cell.paragraphs if p.style] == ["List Bullet"] * 2


def test_text_is_intact_and_control_characters_are_gone(written: Callable[[str], Path]) -> None:
    path = written("lt")
    document = _open(path)
    text = _all_text(document)
    assert LT in text and "🌍🎉" in text and "« égalité », où, ça, œuvre" in text
    assert "Valdymo simboliai čia:" in text
    assert "Stiprinti bendruomenes" in text and "Santrauka ąčęėįšųūž" in text
    assert "PABAIGOS ŽYMĖ" in text  # the 50,000-character body arrived whole
    raw = _xml(path, "word/document.xml")
    for bad in ("\x00", "\x0b", "\x1f"):
        assert bad not in raw
    # Raw HTML in a body is text, not markup.
    assert '<script>alert("x")</script> ir <b>ne HTML</b>.' in text
    assert "Šiame skyriuje punktų nėra." in _styled(document, "Normal")


def test_local_plan_decisions(written: Callable[[str], Path]) -> None:
    decisions = _styled(_open(written("lt")), "StratPlan Decision")
    assert "Sprendimas: Pritaikyta — Pritaikymo pastaba: Pritaikyta vietos sąlygoms" in decisions
    assert "⚠ Programoje pakeista po to, kai punktas buvo pritaikytas" in decisions
    # A point set aside is its heading and one line with the reason, not its text.
    assert "Čia netaikoma — Priežastis: Nėra lėšų" in decisions
    assert "NETAIKOMO TEKSTAS" not in _all_text(_open(written("lt")))
    assert "Sprendimas: Priimta be pakeitimų" in decisions
    assert "Sprendimas: Vietos punktas (★ vietos punktas, programoje jo nėra)" in decisions


def _num_ids(paragraphs: list[docx.text.paragraph.Paragraph]) -> list[str]:
    out = []
    for p in paragraphs:
        num_id = p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        out.append(num_id.get(qn("w:val")) if num_id is not None else "")
    return out


def test_numbered_lists_restart_and_nest(written: Callable[[str], Path]) -> None:
    path = written("lt")
    document = _open(path)
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Pirmas žingsnis")
    end = next(i for i, p in enumerate(paragraphs) if p.text == "Ir du")
    body = paragraphs[start:end + 1]
    styles = [(p.style.name if p.style else "", p.text) for p in body]
    assert styles[:12] == [
        ("List Number", "Pirmas žingsnis"), ("List Number", "Antras žingsnis"),
        ("List Number 2", "Vidinis a"), ("List Number 2", "Vidinis b"),
        ("List Number", "Trečias žingsnis"), ("List Bullet", "Kulka viena"),
        ("List Bullet 2", "Vidinė kulka"), ("List Bullet 3", "Giliausia kulka"),
        ("List Bullet 3", "Ketvirtas lygis"), ("List Bullet 3", "Penktas lygis"),
        ("List Bullet", "Kulka dvi"), ("Normal", "Antras numeruotas sąrašas:"),
    ]
    ids = dict(zip([p.text for p in body], _num_ids(body), strict=True))
    first, nested, second = ids["Pirmas žingsnis"], ids["Vidinis a"], ids["Vėl nuo vieno"]
    assert first and second and nested
    assert len({first, second, nested}) == 3
    assert ids["Trečias žingsnis"] == first and ids["Ir du"] == second
    numbering = document.part.numbering_part.element
    for num_id in (first, second, nested):
        (num,) = numbering.xpath(f'./w:num[@w:numId="{num_id}"]')
        assert num.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]
        abstract = num.xpath("./w:abstractNumId/@w:val")[0]
        fmt = numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract}"]'
                              '/w:lvl[@w:ilvl="0"]/w:numFmt/@w:val')
        assert fmt == ["decimal"]
    # Every numbered list in the file (the long body has many) has a w:num of its own.
    starts = [p for p in paragraphs if p.style is not None and p.style.name == "List Number"
              and p.text.startswith(("punktas", "Pirmas", "Vėl", "un"))]
    all_ids = _num_ids(starts)
    assert len(all_ids) == len(set(all_ids)) > 5


def test_hyperlink_has_an_external_relationship(written: Callable[[str], Path]) -> None:
    document = _open(written("lt"))
    links = [link for link in document.element.body.iter(qn("w:hyperlink"))
             if link.get(qn("r:id"))]
    assert len(links) == 1
    rel = document.part.rels[links[0].get(qn("r:id"))]
    assert rel.is_external and rel.target_ref == URL
    texts = "".join(t.text for t in links[0].iter(qn("w:t")))
    assert texts == "koalicijos svetainė"
    # The look comes from Word's Hyperlink style, not from a colour of its own.
    styles = {r.get(qn("w:val")) for r in links[0].iter(qn("w:rStyle"))}
    assert styles == {"Hyperlink"} and links[0].find(f".//{qn('w:color')}") is None
    assert document.styles["Hyperlink"].font.underline


def test_toc_field_footer_page_field_and_settings(written: Callable[[str], Path]) -> None:
    path = written("lt")
    document = _open(path)
    instructions = [e.text for e in document.element.body.iter(qn("w:instrText"))]
    assert any('TOC \\o "1-2" \\h \\z \\u' in (i or "") for i in instructions)
    assert "Turinys" in _styled(document, "TOC Heading")
    assert 'w:updateFields w:val="true"' in _xml(path, "word/settings.xml")
    footer = document.sections[0].footer
    assert footer._element.xpath('.//w:fldSimple[@w:instr=" PAGE "]')
    assert f"Vietos planas 2027–2030 {LT}" in footer.paragraphs[-1].text
    assert document.sections[0].different_first_page_header_footer
    props = document.core_properties
    assert props.title == f"Vietos planas 2027–2030 {LT}" and props.language == "lt-LT"
    assert 'w:val="lt-LT"' in _xml(path, "word/styles.xml")


def test_markdown_table_and_quote(written: Callable[[str], Path]) -> None:
    document = _open(written("lt"))
    grids = [t for t in document.tables if t.style is not None
             and t.style.name == "StratPlan Table"]
    cells = [[c.text for c in row.cells] for t in grids for row in t.rows]
    assert ["Rodiklis", "Reikšmė"] in cells and ["Dalyviai", "120"] in cells
    assert ["Eilutė", "Suma"] in cells and ["Gairės", "2 000"] in cells
    assert _styled(document, "Quote") == ["Citata: „laisvė ir lygybė“."]


def test_arabic_point_runs_right_to_left(written: Callable[[str], Path]) -> None:
    document = _open(written("lt"))
    arabic = [p for p in document.paragraphs if "المجتمع" in p.text]
    assert len(arabic) == 3  # the summary and two body paragraphs
    for p in arabic:
        assert p._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None
    heading = next(p for p in document.paragraphs if p.text.startswith("1.3")
                   and p.style is not None and p.style.name == "Heading 2")
    assert heading._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None


def test_page_setup_from_reference_template(written: Callable[[str], Path]) -> None:
    section = _open(written("lt")).sections[0]
    assert abs(section.page_width.cm - 21.0) < 0.01 and abs(section.page_height.cm - 29.7) < 0.01
    assert abs(section.left_margin.cm - 2.5) < 0.01 and abs(section.top_margin.cm - 2.5) < 0.01


def test_french_labels(written: Callable[[str], Path]) -> None:
    document = _open(written("fr"))
    text = _all_text(document)
    labels = {row.cells[0].text for table in document.tables for row in table.rows
              if len(row.cells) == 2}
    assert {"Objectif", "Actions", "Indicateurs", "Calendrier", "Mots-clés", "Niveau",
            "Ressources / budget", "Responsable(s)", "Coalition", "Pays"} <= labels
    assert "Table des matières" in _styled(document, "TOC Heading")
    assert "Aucun point dans cette section." in text
    assert "Annexe\u00a0: Biudžetas" in _styled(document, "Heading 1")
    assert "Décision\u00a0: Adapté — Note d’adaptation\u00a0: Pritaikyta vietos sąlygoms" in text
    assert _styled(document, "Subtitle") == ["Plan local · Centras Laisvė"]
    assert document.core_properties.language == "fr-FR"


def test_unknown_language_falls_back_to_english(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    write_docx(sample_model("de", kind="programme"), path)
    document = _open(path)
    assert _styled(document, "Subtitle") == ["Unified programme · Centras Laisvė · Release v1.2"]
    assert "Objective" in _all_text(document)


def test_target_is_a_directory(tmp_path: Path) -> None:
    target = tmp_path / "plan.docx"
    target.mkdir()
    with pytest.raises(ExportLockedError) as info:
        write_docx(sample_model(), target)
    assert isinstance(info.value, StratplanError)
    assert "folder" in str(info.value)
    assert not list(tmp_path.glob("*.part"))
    assert target.is_dir()


def test_locked_target_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.docx"
    target.write_bytes(b"previous export")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportLockedError, match=r"open in another program \(Word\?\)\. "
                                                r"Close it and try again\."):
        write_docx(sample_model(), target)
    assert target.read_bytes() == b"previous export"
    assert not list(tmp_path.glob("*.part"))


def test_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    real_open = Path.open

    def refusing_open(self: Path, mode: str = "r", *args: object, **kwargs: object) -> object:
        # Root ignores permission bits: refuse the write the way the OS does for others.
        if self.parent == folder and "w" in mode:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, mode, *args, **kwargs)  # type: ignore[call-overload]

    if os.geteuid() == 0:
        monkeypatch.setattr(Path, "open", refusing_open)
    try:
        with pytest.raises(ExportLockedError, match="Close it and try again"):
            write_docx(sample_model(), folder / "plan.docx")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ExportLockedError, match="does not exist"):
        write_docx(sample_model(), tmp_path / "nowhere" / "plan.docx")


def test_successful_export_leaves_no_part_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.docx"
    target.write_bytes(b"old")
    write_docx(sample_model("en"), target)
    assert zipfile.is_zipfile(target)
    assert not list(tmp_path.glob("*.part"))


def test_template_missing_a_style(tmp_path: Path) -> None:
    template = tmp_path / "house-style.docx"
    document = docx.Document()
    document.styles["List Number"].delete()
    document.save(str(template))
    with pytest.raises(TemplateError) as info:
        write_docx(sample_model(), tmp_path / "plan.docx", template=template)
    assert "'List Number'" in str(info.value) and "house-style.docx" in str(info.value)
    assert not (tmp_path / "plan.docx").exists()


def test_text_file_renamed_as_template(tmp_path: Path) -> None:
    template = tmp_path / "notes.docx"
    template.write_text("just some notes\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="not a Word document"):
        write_docx(sample_model(), tmp_path / "plan.docx", template=template)


def test_custom_template_styles_headers_and_body_text(tmp_path: Path) -> None:
    template = tmp_path / "house.dotx"
    document = docx.Document()
    document.add_paragraph("Sample text that must not appear in exports")
    document.sections[0].header.paragraphs[0].text = "HOUSE LETTERHEAD"
    document.styles["Heading 1"].font.size = docx.shared.Pt(20)
    source = tmp_path / "house.docx"
    document.save(str(source))
    # Save it as a real .dotx: only the main part's content type differs.
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(template, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(info, data)
    out = tmp_path / "plan.docx"
    write_docx(sample_model("en"), out, template=template)
    result = _open(out)
    assert "Sample text" not in _all_text(result)
    assert result.sections[0].header.paragraphs[0].text == "HOUSE LETTERHEAD"
    assert result.styles["Heading 1"].font.size == docx.shared.Pt(20)
    assert _styled(result, "Heading 2")[0].startswith("1.1 ")


def test_template_without_numbering_part_still_restarts_lists(tmp_path: Path) -> None:
    document = docx.Document()
    part = document.part
    r_id = next(r for r, rel in part.rels.items() if rel.reltype.endswith("/numbering"))
    part.drop_rel(r_id)
    template = tmp_path / "bare.docx"
    document.save(str(template))
    with zipfile.ZipFile(template) as z:
        assert "word/numbering.xml" not in z.namelist()
    out = tmp_path / "plan.docx"
    write_docx(sample_model("en"), out, template=template)
    numbering = _xml(out, "word/numbering.xml")
    assert numbering.count('<w:startOverride w:val="1"/>') > 5
    assert "<w:abstractNum " in numbering


def test_look_comes_from_styles_so_restyling_in_word_restyles_everything(
        written: Callable[[str], Path]) -> None:
    document = _open(written("lt"))
    body = document.element.body
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    # Every paragraph of every table (cover facts, field tables, Markdown and annex tables)
    # is in the table text style or a list style, with no spacing or shading of its own.
    cells = [p for tc in body.iter(f"{w}tc") for p in tc.iter(f"{w}p")]
    styles = {p.xpath("string(./w:pPr/w:pStyle/@w:val)") for p in cells}
    assert styles == {"StratPlanTableText", "ListBullet"}, styles
    assert not [p for p in cells if p.find(f"{w}pPr/{w}spacing") is not None]
    assert not list(body.iter(f"{w}shd"))
    # Colours come only from character styles: links, labels, the upstream warning.
    assert not [c for c in body.iter(f"{w}color")]
    labels = [r for r in body.iter(f"{w}r")
              if r.xpath("string(./w:rPr/w:rStyle/@w:val)") == "StratPlanFieldLabel"]
    def text(r: Any) -> str:
        return "".join(t.text or "" for t in r.iter(f"{w}t"))

    assert {text(r) for r in labels} >= {
        "Tikslas", "Sprendimas: ", "Čia netaikoma — Priežastis: "}
    assert not [r for r in labels if r.find(f"{w}rPr/{w}b") is not None]
    warning = [r for r in body.iter(f"{w}r")
               if r.xpath("string(./w:rPr/w:rStyle/@w:val)") == "StratPlanWarning"]
    assert len(warning) == 1 and text(warning[0]).startswith("⚠")
    # Headings keep with the next paragraph by their style, not one by one.
    headings = [p for p in document.paragraphs
                if p.style is not None and p.style.name.startswith("Heading")]
    assert headings and all(p._p.find(f"{w}pPr/{w}keepNext") is None for p in headings)
    assert document.styles["Heading 2"].paragraph_format.keep_with_next
    text_style = document.styles["StratPlan Table Text"]
    assert text_style.paragraph_format.space_after is not None


def test_tables_never_start_with_a_lone_row_at_the_foot_of_a_page(
        written: Callable[[str], Path]) -> None:
    document = _open(written("lt"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def kept(row: Any) -> list[bool]:
        return [p.find(f"{w}pPr/{w}keepNext") is not None for p in row._tr.iter(f"{w}p")]

    fields = [t for t in document.tables if t.style is not None
              and t.style.name == "StratPlan Fields" and len(t.rows) > 1]
    data = [t for t in document.tables if t.style is not None
            and t.style.name == "StratPlan Table"]
    assert len(fields) >= 4 and len(data) == 2  # the Markdown table and the annex
    for table in fields + data:
        # The first row (a data table's header) keeps with the next; the others may break.
        assert all(kept(table.rows[0])), table.rows[0].cells[0].text
        assert not any(k for row in table.rows[1:] for k in kept(row))
    # The point's heading and summary keep with the table below them, by their styles.
    assert document.styles["StratPlan Summary"].paragraph_format.keep_with_next
