"""Point headings are bookmarked, "see 2.3" links to point 2.3, tables have numbered captions
in the Caption style, and headings never skip a level."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document
from lxml import etree

from stratplan.core.export.cross_refs import references_for
from stratplan.core.export.document import DocAnnex, DocMeta, DocModel, DocPoint, DocSection
from stratplan.core.export.docx_writer import write_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BODY = """Building on the pilot (see 2.1 and 2.2), this point also needs cf. 9.9 and a budget
of 2.5 % (see 2026.1).

#### Deep heading first

Table: Budget lines

| Line | EUR |
|---|--:|
| Training | 4 000 |

# Then the top level

## And one below
"""


def point(number: str, title: str, body: str = "", summary: str = "") -> DocPoint:
    return DocPoint(number=number, title=title, summary=summary, body=body,
                    objective="Coordinate with point 2.2.", actions=(), indicators=(),
                    responsible="", start="", end="", resources="", level="", tags=())


def write(tmp_path: Path, language: str = "en") -> Path:
    meta = DocMeta(kind="programme", title="Programme", coalition="CAP", organisation="",
                   country="", release="v1", date="2026-12-02", language=language)
    model = DocModel(meta, (
        DocSection("Prevention", (point("1.1", "Schools", BODY, summary="Voir le point 2.1."),)),
        DocSection("Justice", (point("2.1", "Police"), point("2.2", "Courts"))),
    ), annexes=(DocAnnex("Voting results: priorities", ("Proposal", "Yes"), (("Schools", "9"),)),))
    path = tmp_path / f"{language}.docx"
    write_docx(model, path)
    return path


def body_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _in_contents(link: etree._Element) -> bool:
    style = link.getparent().find(f"{W}pPr/{W}pStyle")
    return style is not None and style.get(f"{W}val").startswith("TOC")


def test_see_a_point_links_to_its_bookmarked_heading(tmp_path: Path) -> None:
    root = body_xml(write(tmp_path, "fr"))
    marks = {b.get(f"{W}name") for b in root.iter(f"{W}bookmarkStart")}
    assert {"Point_1_1", "Point_2_1", "Point_2_2"} <= marks
    links = [(h.get(f"{W}anchor"), "".join(t.text or "" for t in h.iter(f"{W}t")),
              h.find(f"{W}r/{W}rPr/{W}rStyle").get(f"{W}val"))
             for h in root.iter(f"{W}hyperlink")
             if h.get(f"{W}anchor", "").startswith("Point_") and not _in_contents(h)]
    texts = [(anchor, text) for anchor, text, _ in links]
    # 2.1: the body and the summary's French "voir le point"; 2.2: the body and the objective
    # of each of the three points (a field table value).
    assert texts.count(("Point_2_1", "2.1")) == 2 and texts.count(("Point_2_2", "2.2")) == 4
    assert {style for _, _, style in links} == {"Hyperlink"}
    # Unknown points, percentages and years stay plain text.
    text = "".join(t.text or "" for t in root.iter(f"{W}t"))
    assert "cf. 9.9" in text and "2.5 % (see 2026.1)" in text


def test_every_point_heading_has_a_bookmark_and_no_level_is_skipped(tmp_path: Path) -> None:
    document = Document(str(write(tmp_path)))
    levels = []
    for p in document.paragraphs:
        name = p.style.name if p.style is not None else ""
        if name.startswith("Heading "):
            levels.append(int(name.split()[1]))
            if name == "Heading 2":
                assert p._p.find(f"{W}bookmarkStart") is not None, p.text
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert 4 not in levels[:3]  # "####" right under a point became Heading 3


def test_tables_have_numbered_captions(tmp_path: Path) -> None:
    document = Document(str(write(tmp_path, "lt")))
    captions = [p for p in document.paragraphs if p.style is not None
                and p.style.name == "Caption"]
    # The number is the SEQ field's shown result (python-docx's .text leaves fields out).
    assert ["".join(t.text or "" for t in p._p.iter(f"{W}t")) for p in captions] == [
        "Lentelė 1: Budget lines",
        "Lentelė 2: Voting results: priorities"]
    assert all(p._p.find(f"{W}fldSimple").get(f"{W}instr").strip() == "SEQ Table \\* ARABIC"
               for p in captions)
    assert "Table: Budget lines" not in "\n".join(p.text for p in document.paragraphs)


def test_a_number_printed_twice_links_nowhere() -> None:
    refs = references_for(["1.1", "1.2", "1.2"], "lt")
    assert refs.split("žr. 1.1 ir 1.2") == [("žr. ", ""), ("1.1", "Point_1_1"), (" ir 1.2", "")]
    assert refs.split("Punktas 1.1, kaip sutarta.") == [("Punktas ", ""), ("1.1", "Point_1_1"),
                                                        (", kaip sutarta.", "")]
    assert refs.split("1.1 be nuorodos žodžio") == [("1.1 be nuorodos žodžio", "")]
