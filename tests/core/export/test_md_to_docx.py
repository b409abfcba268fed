"""Markdown to Word formatting: sanitizing, list restarts and nesting, links, tables, HTML."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import nsmap, qn

from stratplan.core.export.markdown_lines import normalise_nested_lists
from stratplan.core.export.md_to_docx import add_markdown
from stratplan.core.export.word_numbering import NumberingState
from stratplan.core.export.word_xml import sanitize


def _doc(markdown_text: str, heading_level: int = 2) -> docx.document.Document:
    document = docx.Document()
    add_markdown(document, markdown_text, numbering_state=NumberingState(document),
                 heading_level=heading_level)
    # Saving and reopening proves the XML is valid enough for python-docx to read back.
    buffer = io.BytesIO()
    document.save(buffer)
    return docx.Document(io.BytesIO(buffer.getvalue()))


def _styles(document: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name if p.style else "", p.text) for p in document.paragraphs]


def _num_id(p: docx.text.paragraph.Paragraph) -> str:
    el = p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    return el.get(qn("w:val")) if el is not None else ""


@pytest.mark.parametrize(("raw", "clean"), [
    ("a\x00b\x0bc\x1fd", "abcd"),
    ("tab\tand\nnewline", "tab\tand\nnewline"),
    ("crlf\r\nand\rcr", "crlf\nand\ncr"),
    ("lone \ud800 surrogate \udfff", "lone  surrogate "),
    ("non\ufffe-char\uffff", "non-char"),
    ("c1\x85\x9f", "c1"),
    ("ąčęėįšųūž 🎉 مرحبا", "ąčęėįšųūž 🎉 مرحبا"),
    ("e\u0301", "é"),  # NFC: Word and search both expect the composed form
])
def test_sanitize(raw: str, clean: str) -> None:
    assert sanitize(raw) == clean


def test_forbidden_characters_never_crash_the_writer() -> None:
    text = "".join(chr(c) for c in range(0, 0x20)) + "\ud83d \ufffe ok **b\x00old**"
    document = _doc(f"# T\x01itle\n\n{text}\n\n- it\x02em\n\n| h\x03 |\n|---|\n| c\x04 |")
    assert _styles(document)[0] == ("Heading 2", "Title")
    assert document.paragraphs[1].text.endswith("ok bold")
    assert document.tables[0].cell(1, 0).text == "c"


def test_each_numbered_list_restarts_at_one() -> None:
    document = _doc("1. a\n2. b\n\nBetween.\n\n1. c\n2. d\n")
    items = [p for p in document.paragraphs if p.style is not None
             and p.style.name == "List Number"]
    ids = [_num_id(p) for p in items]
    assert ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2]
    numbering = document.part.numbering_part.element
    starts = {num_id: numbering.xpath(
        f'./w:num[@w:numId="{num_id}"]/w:lvlOverride[@w:ilvl="0"]/w:startOverride/@w:val')
        for num_id in set(ids)}
    assert starts == {ids[0]: ["1"], ids[2]: ["1"]}
    # Both lists use one definition: Word's nine-level numbered list.
    abstracts = {numbering.xpath(f'string(./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val)')
                 for num_id in set(ids)}
    assert len(abstracts) == 1
    levels = numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{abstracts.pop()}"]/w:lvl')
    assert len(levels) == 9


def test_ordered_list_start_number_is_kept() -> None:
    document = _doc("Intro\n\n3. three\n4. four\n")
    num_id = _num_id(document.paragraphs[1])
    numbering = document.part.numbering_part.element
    assert numbering.xpath(
        f'./w:num[@w:numId="{num_id}"]/w:lvlOverride/w:startOverride/@w:val') == ["3"]


def test_nesting_with_two_three_and_four_spaces() -> None:
    source = "1. one\n   - two\n     1. three\n2. back\n\n- a\n  - b\n    - c\n      - d\n- e\n"
    assert _styles(_doc(source)) == [
        ("List Number", "one"), ("List Bullet 2", "two"), ("List Number 3", "three"),
        ("List Number", "back"), ("List Bullet", "a"), ("List Bullet 2", "b"),
        ("List Bullet 3", "c"), ("List Bullet 3", "d"), ("List Bullet", "e"),
    ]


def test_normalise_nested_lists_leaves_code_alone() -> None:
    source = "- a\n  - b\n    - c\n\n```\n  - yaml: x\n```\n\n    - indented code\n"
    assert normalise_nested_lists(source) == (
        "- a\n    - b\n        - c\n\n```\n  - yaml: x\n```\n\n    - indented code\n")


def test_loose_list_item_paragraphs_continue_the_item() -> None:
    document = _doc("1. first\n\n    more about first\n\n2. second\n")
    assert _styles(document) == [("List Number", "first"), ("List Continue", "more about first"),
                                 ("List Number", "second")]


def test_headings_map_below_the_point() -> None:
    assert [s for s, _ in _styles(_doc("# a\n\n## b\n\n### c\n"))] == [
        "Heading 2", "Heading 3", "Heading 4"]
    # No level is skipped: "######" after "##" is one level down, and a body whose first
    # heading is "##" starts just below the point.
    assert [s for s, _ in _styles(_doc("# a\n\n## b\n\n###### c\n", heading_level=3))] == [
        "Heading 3", "Heading 4", "Heading 5"]
    assert [s for s, _ in _styles(_doc("## a\n\n#### b\n\n## c\n", heading_level=3))] == [
        "Heading 3", "Heading 4", "Heading 3"]


def test_inline_formatting_and_code() -> None:
    document = _doc("**bold** *italic* ***both*** `x < y` &copy; &amp; &nbsp;end")
    runs = {r.text: r for r in document.paragraphs[0].runs}
    assert runs["bold"].bold and not runs["bold"].italic
    assert runs["italic"].italic and runs["both"].bold and runs["both"].italic
    assert runs["x < y"].font.name == "Courier New"
    assert document.paragraphs[0].text.endswith("© & \u00a0end")


def test_links_become_hyperlinks_and_unsafe_ones_plain_text() -> None:
    document = _doc("[site](https://example.org/ą?x=1&y=2) [bad](javascript:alert(1)) "
                    "[rel](docs/file.md) <https://auto.example>")
    links = document.element.body.findall(f".//{qn('w:hyperlink')}")
    targets = [document.part.rels[link.get(qn("r:id"))].target_ref for link in links]
    assert targets == ["https://example.org/%C4%85?x=1&y=2", "https://auto.example"]
    assert document.paragraphs[0].text == "site bad rel https://auto.example"


def test_raw_html_stays_text() -> None:
    document = _doc('<div onclick="x">block</div>\n\nText <img src="http://t/x.png"> '
                    "<script>alert(1)</script>")
    text = "\n".join(p.text for p in document.paragraphs)
    assert '<div onclick="x">block</div>' in text
    assert '<img src="http://t/x.png">' in text and "<script>alert(1)</script>" in text


def test_table_quote_code_and_rule() -> None:
    document = _doc("| A | B |\n|:-:|--:|\n| 1 | **2** |\n\n> quoted\n\n---\n\n"
                    "```\nline 1\n  line 2\n```\n")
    table = document.tables[0]
    assert table.style.name == "Table Grid"
    assert [[c.text for c in row.cells] for row in table.rows] == [["A", "B"], ["1", "2"]]
    assert table.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # right
    quote = [p for p in document.paragraphs if p.text == "quoted"][0]
    assert quote.style.name == "Quote"
    code = [p for p in document.paragraphs if p.text.startswith("line 1")][0]
    assert code.text == "line 1\n  line 2"
    assert all(r.font.name == "Courier New" for r in code.runs)


def test_markdown_into_a_table_cell_uses_its_empty_paragraph() -> None:
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    add_markdown(cell, "- one\n- two\n\n1. x\n", numbering_state=NumberingState(document))
    assert [(p.style.name, p.text) for p in cell.paragraphs] == [
        ("List Bullet", "one"), ("List Bullet", "two"), ("List Number", "x")]


def test_empty_and_blank_bodies_add_nothing() -> None:
    document = docx.Document()
    before = len(document.paragraphs)
    add_markdown(document, " \n\x00\n", numbering_state=NumberingState(document))
    assert len(document.paragraphs) == before


def test_quote_without_quote_styles_falls_back_to_italics() -> None:
    document = docx.Document()
    document.styles["Quote"].delete()
    document.styles["Intense Quote"].delete()
    add_markdown(document, "> said", numbering_state=NumberingState(document))
    p = document.paragraphs[-1]
    assert p.runs[0].italic and p.paragraph_format.left_indent is not None


def _level(document: docx.document.Document, p: docx.text.paragraph.Paragraph
           ) -> tuple[int, str, str, int]:
    """A list paragraph's w:ilvl, and its level's format, text and left indent as Word
    reads them from the numbering part."""
    ilvl = p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:ilvl')}")
    level = int(ilvl.get(qn("w:val")))
    lvl = document.part.numbering_part.element.xpath(
        f'./w:abstractNum[@w:abstractNumId=string(../w:num[@w:numId="{_num_id(p)}"]'
        f'/w:abstractNumId/@w:val)]/w:lvl[@w:ilvl="{level}"]')[0]
    def read(path: str) -> str:
        return str(lvl.xpath(f"string({path})", namespaces={"w": nsmap["w"]}))

    return (level, read("./w:numFmt/@w:val"), read("./w:lvlText/@w:val"),
            int(read("./w:pPr/w:ind/@w:left")))


# A numbered item at every other level, bullets between; the entity sends the same list
# through Python-Markdown instead of the fast path.
_NINE = "\n".join("    " * i + f"{'1.' if i % 2 == 0 else '-'} level {i + 1}" for i in range(10))


@pytest.mark.parametrize("tail", ["", " &amp;"])
def test_lists_keep_nine_levels(tail: str) -> None:
    document = _doc(_NINE + tail)
    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs] == [f"level {i + 1}" for i in range(9)] + [
        "level 10" + tail.replace("&amp;", "&")]
    read = [_level(document, p) for p in paragraphs]
    # Each level its own w:ilvl, 0.63 cm further right; a tenth level stays at the ninth.
    assert [r[0] for r in read] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 8]
    assert [r[3] for r in read] == [360 * (i + 1) for i in range(9)] + [360 * 9]
    # Numbers as Word writes them, 1. a. i. and again; bullets where the text has dashes.
    assert [r[1:3] for r in read[:7:2]] == [
        ("decimal", "%1."), ("lowerRoman", "%3."), ("lowerLetter", "%5."), ("decimal", "%7.")]
    assert {r[1] for r in read[1::2]} == {"bullet"}
    assert [p.style.name for p in paragraphs[:4]] == [
        "List Number", "List Bullet 2", "List Number 3", "List Bullet 3"]
    # No direct indent: the numbering level places the paragraph, so Word's list commands
    # (Increase Indent, Change List Level) work on it.
    assert all(p.paragraph_format.left_indent is None for p in paragraphs)


def test_deep_numbered_sublists_restart_under_each_item() -> None:
    document = _doc("1. a\n    1. b\n        1. c\n            1. d\n2. e\n"
                    "    1. f\n        1. g\n            1. h\n")
    numbering = document.part.numbering_part.element
    paragraphs = document.paragraphs
    deep = [p for p in paragraphs if p.text in ("d", "h")]
    assert [_level(document, p)[0] for p in deep] == [3, 3]
    # Two lists at level 4, each its own w:num restarting that level at 1.
    assert _num_id(deep[0]) != _num_id(deep[1])
    for p in deep:
        assert numbering.xpath(f'./w:num[@w:numId="{_num_id(p)}"]/w:lvlOverride'
                               '[@w:ilvl="3"]/w:startOverride/@w:val') == ["1"]
