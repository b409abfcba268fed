"""Importing proposals from Markdown and Word, including our own exports and damaged files."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from stratplan.core.errors import BadFileError
from stratplan.core.export.document import DocModel
from stratplan.core.export.text_writers import write_markdown
from stratplan.core.export.word_xml import sanitize
from stratplan.core.importing.from_docx import import_docx
from stratplan.core.importing.from_markdown import import_markdown
from stratplan.core.importing.points import MAX_POINTS, ImportedPoint
from tests.core.export.conftest import sample_model


def _expected(model: DocModel) -> list[ImportedPoint]:
    return [ImportedPoint(title=sanitize(p.title), body=sanitize(p.body).strip("\n"),
                          summary=sanitize(p.summary), objective=sanitize(p.objective),
                          actions=p.actions, tags=p.tags)
            for s in model.sections for p in s.points]


@pytest.mark.parametrize("language", ["lt", "fr", "en"])
def test_markdown_round_trip(language: str) -> None:
    model = sample_model(language)
    result = import_markdown(write_markdown(model))
    assert list(result.points) == _expected(model)
    assert result.skipped == ()


def test_markdown_round_trip_of_body_headings_and_awkward_titles() -> None:
    model = sample_model("en")
    first = model.sections[0].points[0]
    odd = first.__class__(**{**first.__dict__, "title": "Use *stars*, _under_ [x] #1 | pipe",
                             "body": "# Top\n\n## Middle\n\n### Low\n\ntext", "number": "1.0",
                             "summary": "line one\nline two", "objective": "a\nb"})
    model = DocModel(model.meta, ((model.sections[0].__class__("S", (odd, first))),))
    points = import_markdown(write_markdown(model)).points
    assert points[0].title == "Use *stars*, _under_ [x] #1 | pipe"
    assert points[0].body == "# Top\n\n## Middle\n\n### Low\n\ntext"
    assert points[0].summary == "line one\nline two" and points[0].objective == "a\nb"
    assert points[1].title == first.title.replace("\x00", "")


def test_markdown_written_by_hand() -> None:
    text = ("# Our proposals\n\nIntro text.\n\n## First idea\n\nWhy it matters.\n\n"
            "### Details\n\n- a\n- b\n\n```\n## not a heading\n```\n\n"
            "## Second idea ##\n\nMore.\n")
    result = import_markdown(text)
    assert [p.title for p in result.points] == ["First idea", "Second idea"]
    assert result.points[0].body == (
        "Why it matters.\n\n# Details\n\n- a\n- b\n\n```\n## not a heading\n```")
    assert result.points[1].body == "More."


def test_markdown_level_three_points_under_chapters() -> None:
    text = "## Chapter A\n\n### P1\n\nx\n\n### P2\n\ny\n\n## Chapter B\n\n### P3\n\nz\n"
    assert [p.title for p in import_markdown(text).points] == ["P1", "P2", "P3"]


def test_markdown_single_point_and_no_headings() -> None:
    assert [p.title for p in import_markdown("## Only one\n\ntext").points] == ["Only one"]
    assert [p.title for p in import_markdown("# Title\n\n## 1. S\n\n### 1.1 P\n\nb").points] \
        == ["P"]
    empty = import_markdown("just text\n\nno headings")
    assert empty.points == () and "no headings found" in str(empty.skipped[0])


def test_markdown_limits() -> None:
    many = "\n".join(f"## P{i}\n\nx\n" for i in range(MAX_POINTS + 1))
    with pytest.raises(BadFileError, match="5,001 points"):
        import_markdown(many)
    huge = "## Big\n\n" + "word " * 41_000
    with pytest.raises(BadFileError, match="'Big' is 205,000 characters"):
        import_markdown(huge)
    long_title = import_markdown("## " + "x" * 300 + "\n\nbody\n\n## b\n")
    assert len(long_title.points[0].title) == 200
    assert "1 title shortened to 200 characters" in [str(n) for n in long_title.skipped]


@pytest.mark.parametrize("language", ["lt", "fr"])
def test_docx_round_trip_of_our_export(written: Callable[[str], Path], language: str) -> None:
    result = import_docx(written(language))
    model = sample_model(language)
    # A point set aside as not applicable is printed as one line with its reason: only its title
    # comes back.
    set_aside = {sanitize(p.title) for s in model.sections for p in s.points if p.decision == "not_applicable"}
    expected = [ImportedPoint(title=p.title, body="") if p.title in set_aside else p for p in _expected(model)]
    assert set_aside
    assert [p.title for p in result.points] == [p.title for p in expected]
    for got, want in zip(result.points, expected, strict=True):
        assert got.summary == want.summary
        assert got.objective == want.objective
        assert got.actions == want.actions and got.tags == want.tags
    body = result.points[0].body
    assert "**paryškintu**" in body and "*kursyvu*" in body and "`kodu`" in body
    assert "[koalicijos svetainė](https://example.org/planas?a=1&b=2)" in body
    assert "1. Pirmas žingsnis\n1. Antras žingsnis\n    1. Vidinis a" in body
    assert ("- Kulka viena\n    - Vidinė kulka\n        - Giliausia kulka\n"
            "            - Ketvirtas lygis\n                - Penktas lygis" in body)
    assert "> Citata: „laisvė ir lygybė“." in body
    assert "| Rodiklis | Reikšmė |\n|---|---|\n| Dalyviai | 120 |" in body
    assert "\n# Poskyris\n" in body
    assert "PABAIGOS ŽYMĖ" in result.points[3].body
    assert result.skipped == ()


def _png() -> bytes:
    """A 1x1 red PNG made by hand."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def test_docx_written_by_hand_with_image_and_tracked_changes(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Proposals", level=0)
    document.add_paragraph("An introduction nobody imports.")
    document.add_heading("Clean water", level=1)
    p = document.add_paragraph("Wells for ")
    p.add_run("every").bold = True
    p.add_run(" village.")
    document.add_picture(io.BytesIO(_png()))
    changed = document.add_paragraph("Budget: ")
    changed._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="1" w:author="Ana" w:date="2026-01-01T00:00:00Z">'
        "<w:r><w:t>10 000 EUR</w:t></w:r></w:ins>"))
    changed._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="2" w:author="Ana" w:date="2026-01-01T00:00:00Z">'
        "<w:r><w:delText>5 000 EUR</w:delText></w:r></w:del>"))
    document.add_paragraph("First", style="List Bullet")
    document.add_paragraph("Second", style="List Bullet")
    document.add_heading("Sub heading", level=2)
    table = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "Year", (0, 1): "Wells", (1, 0): "2027", (1, 1): "3|4"}.items():
        table.cell(r, c).text = text
    document.add_heading("Schools", level=1)
    document.add_paragraph("1. not a list, just text")
    document.add_picture(io.BytesIO(_png()))
    path = tmp_path / "proposals.docx"
    document.save(str(path))

    result = import_docx(path)
    assert [p.title for p in result.points] == ["Clean water", "Schools"]
    body = result.points[0].body
    assert body.startswith(
        "Wells for **every** village.\n\nBudget: 10 000 EUR\n\n- First\n- Second")
    assert "5 000" not in body
    assert "# Sub heading" in body
    assert "| Year | Wells |\n|---|---|\n| 2027 | 3\\|4 |" in body
    assert result.points[1].body == "1\\. not a list, just text"
    notes = [str(n) for n in result.skipped]
    assert "2 images skipped" in notes
    assert "tracked changes: the inserted text was kept, deleted text dropped" in notes
    assert any("outside the points" in note for note in notes)
    assert "2 images ignorées" in [n.translated("fr") for n in result.skipped]  # what a French import dialog says


def test_docx_heading_one_points_with_word_numbering(tmp_path: Path) -> None:
    document = docx.Document()
    for title in ("Alpha", "Beta"):
        document.add_heading(title, level=1)
        document.add_paragraph("text")
        document.add_heading("Inner", level=2)
        document.add_paragraph("x", style="List Number")
    path = tmp_path / "h1.docx"
    document.save(str(path))
    result = import_docx(path)
    assert [p.title for p in result.points] == ["Alpha", "Beta"]
    assert result.points[0].body == "text\n\n# Inner\n\n1. x"


def test_renamed_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("## Not really Word\n", encoding="utf-8")
    with pytest.raises(BadFileError, match="notes.docx is not a Word document"):
        import_docx(path)


def test_zip_without_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("readme.txt", "hi")
    with pytest.raises(BadFileError, match="not a Word document"):
        import_docx(path)


def test_damaged_document_xml_is_refused(tmp_path: Path, written: Callable[[str], Path]) -> None:
    path = tmp_path / "damaged.docx"
    with zipfile.ZipFile(written("en")) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    with pytest.raises(BadFileError, match="damaged"):
        import_docx(path)


def test_encrypted_or_old_word_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    with pytest.raises(BadFileError, match="password"):
        import_docx(path)


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.docx"
    with path.open("wb") as f:
        f.truncate(51 * 1024 * 1024)  # sparse: no real disk use
    with pytest.raises(BadFileError, match="51 MB; Word files up to 50 MB"):
        import_docx(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadFileError, match="does not exist"):
        import_docx(tmp_path / "gone.docx")
