"""Markdown bodies as real Word formatting: headings, lists that restart, links, tables, quotes."""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, replace
from typing import Any, TypeAlias, cast
from urllib.parse import quote

import lxml.html
import markdown
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from stratplan.core.export.markdown_html import EXTENSIONS, normalise_list_indent

Container: TypeAlias = DocxDocument | _Cell

# XML 1.0 forbids C0 controls (except tab, newline, carriage return), lone surrogates and
# U+FFFE/U+FFFF; C1 controls are legal but are never meant as text, so they go too.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_RTL_CHAR = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "ftp://")
LINK_COLOR = RGBColor(0x05, 0x63, 0xC1)
CODE_FONT = "Courier New"
# pPr children that must follow <w:bidi>, and rPr children that must follow <w:rtl>:
# Word rejects a file whose elements are out of the schema's order.
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)
_AFTER_RTL = ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_SHD = (
    "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", *_AFTER_BIDI,
)


def sanitize(text: str) -> str:
    """Text that XML can hold: forbidden characters removed, line ends as "\\n", NFC."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _FORBIDDEN.search(text):
        text = _FORBIDDEN.sub("", text)
    return unicodedata.normalize("NFC", text)


def looks_rtl(text: str) -> bool:
    """True when most letters are Arabic or Hebrew (so the paragraph runs right to left)."""
    if not _RTL_CHAR.search(text):
        return False
    rtl = len(_RTL_CHAR.findall(text))
    letters = sum(1 for ch in text if ch.isalpha())
    return letters > 0 and rtl * 2 > letters


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = f"{_W}val"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _sub(parent: Any, tag: str, val: str | None = None) -> Any:
    """A child element; lxml gives it python-docx's class, as the tree came from its parser."""
    el = etree.SubElement(parent, f"{_W}{tag}")
    if val is not None:
        el.set(_VAL, val)
    return el


class Target:
    """Where new paragraphs go: a document body (before its final w:sectPr) or a table cell.

    Paragraphs are built as XML here rather than through python-docx's add_paragraph and
    style setters, which search the whole body and the style sheet for every paragraph.
    """

    def __init__(self, container: Container) -> None:
        if isinstance(container, DocxDocument):
            self.element: Any = container.element.body
            self.parent: Any = container._body
            self.is_body = True
        else:
            self.element = container._tc
            self.parent = container
            self.is_body = False

    @classmethod
    def for_cell_element(cls, tc: Any, document: DocxDocument) -> Target:
        """A target for a w:tc built as XML, not yet wrapped by python-docx."""
        return cls(_Cell(tc, cast(Any, document._body)))  # only its .part is used

    def insert(self, el: Any) -> None:
        if self.is_body and len(self.element):
            last = self.element[-1]
            if last.tag == f"{_W}sectPr":
                last.addprevious(el)
                return
        self.element.append(el)


def new_paragraph(target: Target, style_id: str | None = None, *, num_id: int | None = None,
                  keep_next: bool = False, space_after_twips: int | None = None) -> Paragraph:
    """An empty paragraph at the end of `target`, its properties written in schema order."""
    p = target.element.makeelement(f"{_W}p", {})
    if style_id or num_id is not None or keep_next or space_after_twips is not None:
        ppr = _sub(p, "pPr")
        if style_id:
            _sub(ppr, "pStyle", style_id)
        if keep_next:
            _sub(ppr, "keepNext")
        if num_id is not None:
            num_pr = _sub(ppr, "numPr")
            _sub(num_pr, "ilvl", "0")
            _sub(num_pr, "numId", str(num_id))
        if space_after_twips is not None:
            _sub(ppr, "spacing").set(f"{_W}after", str(space_after_twips))
    target.insert(p)
    return Paragraph(p, target.parent)


def make_run(parent: Any, text: str, *, bold: bool = False, italic: bool = False,
             code: bool = False, link: bool = False, size_half_points: int = 0,
             color: str = "") -> Any:
    """A w:r of sanitized text appended to a w:p or w:hyperlink; returns the element."""
    r = _sub(parent, "r")
    if bold or italic or code or link or size_half_points or color:
        rpr = _sub(r, "rPr")  # children in schema order: rFonts b i color sz szCs u
        if code:
            fonts = _sub(rpr, "rFonts")
            for attr in ("ascii", "hAnsi", "cs"):
                fonts.set(f"{_W}{attr}", CODE_FONT)
        if bold:
            _sub(rpr, "b")
        if italic:
            _sub(rpr, "i")
        if link or color:
            _sub(rpr, "color", color or str(LINK_COLOR))
        if code or size_half_points:
            size = str(size_half_points or 19)
            _sub(rpr, "sz", size)
            _sub(rpr, "szCs", size)
        if link:
            _sub(rpr, "u", "single")
    append_text(r, sanitize(text))
    return r


def paragraph_text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(f"{_W}t"))


class NumberingState:
    """Per-document caches: style ids, and the numbering part where every list gets its own w:num.

    Word continues a numbered list across the whole document when all its paragraphs share
    the style's w:num; giving each Markdown list a fresh w:num with a startOverride makes
    each one start again at 1.
    """

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self._style_ids: dict[str, str | None] = {}
        self._abstract_ids: dict[str, int] = {}
        self._numbering: Any = None
        self._last_num_id = -1
        self._block_width = 0

    def style_id(self, name: str) -> str | None:
        """The styleId of a paragraph/table style by its UI name, None when the file lacks it."""
        if name not in self._style_ids:
            try:
                self._style_ids[name] = self.document.styles[name].style_id
            except KeyError:
                self._style_ids[name] = None
        return self._style_ids[name]

    def has_style(self, name: str) -> bool:
        return self.style_id(name) is not None

    def heading_style(self, level: int) -> str | None:
        """'Heading N', or the deepest heading style the document has above it."""
        for n in range(min(level, 9), 0, -1):
            if self.has_style(f"Heading {n}"):
                return f"Heading {n}"
        return None

    def new_list(self, style_name: str, start: int = 1) -> int:
        """A new w:num for a list in `style_name` that starts at `start`; returns its numId."""
        numbering = self._numbering_element()
        abstract_id = self._abstract_id(style_name)
        if self._last_num_id < 0:
            # python-docx's add_num looks for a free id among all w:num each time, which
            # is quadratic for a programme with a thousand lists; count from the largest.
            used = [int(v) for v in numbering.xpath("./w:num/@w:numId")]
            self._last_num_id = max(used, default=0)
        self._last_num_id += 1
        num = parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{self._last_num_id}">'
            f'<w:abstractNumId w:val="{abstract_id}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{int(start)}"/></w:lvlOverride>'
            "</w:num>"
        )
        cleanup = numbering.find(qn("w:numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(num)
        else:
            numbering.append(num)
        return self._last_num_id

    def block_width(self) -> int:
        """The width between the margins of the last section, in EMU (read once: the lookup
        searches the whole document)."""
        if not self._block_width:
            section = self.document.sections[-1]
            width = (section.page_width or Cm(21)) - (section.left_margin or 0) - (
                section.right_margin or 0)
            self._block_width = max(int(width), int(Cm(8)))
        return self._block_width

    def add_table(self, container: Container, rows: int, cols: int) -> Table:
        """A table in a document or cell; python-docx would look up the page width each time."""
        if isinstance(container, DocxDocument):
            return container._body.add_table(rows, cols, Emu(self.block_width()))
        return container.add_table(rows, cols)

    def _numbering_element(self) -> Any:
        if self._numbering is None:
            part = self.document.part
            try:
                self._numbering = part.numbering_part.element
            except NotImplementedError:
                # python-docx cannot create a numbering part itself; templates made by other
                # programs sometimes have none, so build the empty part here.
                from docx.opc.constants import CONTENT_TYPE as CT
                from docx.opc.packuri import PackURI
                from docx.parts.numbering import NumberingPart

                element = parse_xml(f"<w:numbering {nsdecls('w')}/>")
                numbering_part = NumberingPart(
                    PackURI("/word/numbering.xml"), CT.WML_NUMBERING, element, part.package
                )
                part.relate_to(numbering_part, RT.NUMBERING)
                self._numbering = element
        return self._numbering

    def _abstract_id(self, style_name: str) -> int:
        if style_name not in self._abstract_ids:
            found = self._style_abstract_id(style_name)
            self._abstract_ids[style_name] = (
                found if found is not None else self._add_abstract(style_name)
            )
        return self._abstract_ids[style_name]

    def _style_abstract_id(self, style_name: str) -> int | None:
        numbering = self._numbering_element()
        try:
            style: Any = self.document.styles[style_name]
        except KeyError:
            return None
        for _ in range(10):  # follow basedOn, which a template can make circular
            if style is None:
                return None
            ppr = style.element.pPr
            if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
                try:
                    num = numbering.num_having_numId(ppr.numPr.numId.val)
                except KeyError:
                    return None
                return int(num.abstractNumId.val)
            style = style.base_style
        return None

    def _add_abstract(self, style_name: str) -> int:
        """A one-level decimal or bullet definition for a list style that has no numbering."""
        numbering = self._numbering_element()
        used = [int(v) for v in numbering.xpath("./w:abstractNum/@w:abstractNumId")]
        new_id = max(used, default=-1) + 1
        depth = int(style_name[-1]) if style_name[-1].isdigit() else 1
        indent = 360 * depth
        bullet = "Bullet" in style_name
        fmt, text = ("bullet", "\u2022") if bullet else ("decimal", "%1.")
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{new_id}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr></w:lvl>'
            "</w:abstractNum>"
        )
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)  # abstractNum elements must come before num ones
        else:
            numbering.append(abstract)
        return new_id


@dataclass(frozen=True)
class _Fmt:
    bold: bool = False
    italic: bool = False
    code: bool = False


def set_paragraph_style(paragraph: Paragraph, state: NumberingState, name: str) -> bool:
    """Apply a style by name through the cache; False (and nothing done) when it is missing."""
    style_id = state.style_id(name)
    if style_id is None:
        return False
    paragraph._p.get_or_add_pPr().style = style_id
    return True


def set_table_style(table: Table, state: NumberingState, name: str) -> bool:
    """Apply a table style by name through the cache; False when the file lacks it."""
    style_id = state.style_id(name)
    if style_id is None:
        return False
    table._tbl.tblPr.style = style_id
    return True


def set_numbering(paragraph: Paragraph, num_id: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def make_rtl(paragraph: Paragraph) -> None:
    """Right-to-left paragraph direction and runs, for Arabic or Hebrew text."""
    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(qn("w:bidi")) is None:
        ppr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    for r in paragraph._p.iter(qn("w:r")):
        rpr = r.get_or_add_rPr()
        if rpr.find(qn("w:rtl")) is None:
            rpr.insert_element_before(OxmlElement("w:rtl"), *_AFTER_RTL)


def shade(paragraph_or_cell: Paragraph | _Cell, fill: str) -> None:
    """A background colour for a paragraph or a table cell."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    if isinstance(paragraph_or_cell, _Cell):
        tc_pr = paragraph_or_cell._tc.get_or_add_tcPr()
        tc_pr.insert_element_before(
            shd, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
            "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
        )
    else:
        paragraph_or_cell._p.get_or_add_pPr().insert_element_before(shd, *_AFTER_SHD)


def append_text(r: Any, text: str) -> None:
    """Text into a w:r: a w:t per line and tab, with w:br and w:tab between.

    python-docx's run.text does the same one character at a time, a third of the export.
    """
    for i, line in enumerate(text.split("\n")):
        if i:
            _sub(r, "br")
        for j, piece in enumerate(line.split("\t")):
            if j:
                _sub(r, "tab")
            if piece:
                t = _sub(r, "t")
                t.text = piece
                if piece[0].isspace() or piece[-1].isspace():
                    t.set(_XML_SPACE, "preserve")


def add_run(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False,
            code: bool = False) -> Any:
    """A run of sanitized text with the given emphasis; returns the run."""
    return Run(make_run(paragraph._p, text, bold=bold, italic=italic, code=code), paragraph)


def add_hyperlink(paragraph: Paragraph, url: str, text: str) -> Any:
    """A real Word hyperlink (w:hyperlink with an external relationship); returns it."""
    # Word wants an ASCII address: percent-encode letters such as "ą" but keep the URL's syntax.
    url = quote(sanitize(url).strip(), safe=":/?#[]@!$&'()*+,;=%~")
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)
    if text:
        make_run(link, text, link=True)
    return link


class _Writer:
    """Walks the HTML tree Python-Markdown produces and writes Word paragraphs."""

    def __init__(self, container: Container, state: NumberingState, heading_level: int,
                 rtl_possible: bool) -> None:
        self.container = container
        self.target = Target(container)
        self.state = state
        self.heading_level = heading_level
        self.rtl_possible = rtl_possible
        self.reuse: Paragraph | None = None
        self.last: Paragraph | None = None
        if isinstance(container, _Cell):
            paragraphs = container.paragraphs
            # A fresh table cell already holds one empty paragraph: write into it rather
            # than leave a blank line at the top of the cell.
            if len(paragraphs) == 1 and not paragraphs[0]._p.xpath("./w:r|./w:hyperlink"):
                self.reuse = paragraphs[0]

    # -- paragraphs ---------------------------------------------------------------------

    def paragraph(self, style: str | None = None, num_id: int | None = None) -> Paragraph:
        if self.reuse is not None:
            p, self.reuse = self.reuse, None
            if style:
                set_paragraph_style(p, self.state, style)
            if num_id is not None:
                set_numbering(p, num_id)
        else:
            p = new_paragraph(self.target, self.state.style_id(style) if style else None,
                              num_id=num_id)
        self.last = p
        return p

    def finish(self, p: Paragraph) -> None:
        if self.rtl_possible and looks_rtl(paragraph_text(p._p)):
            make_rtl(p)

    def blocks(self, parent: Any, quote: bool = False) -> None:
        for el in parent:
            self.block(el, quote)

    def block(self, el: Any, quote: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "p":
            p = self.paragraph()
            italic = self.quote_style(p) if quote else False
            self.inline(p, el, _Fmt(italic=italic))
            self.finish(p)
        elif re.fullmatch(r"h[1-6]", tag):
            style = self.state.heading_style(self.heading_level + int(tag[1]) - 1)
            p = self.paragraph(style)
            if style is None:
                self.inline(p, el, _Fmt(bold=True))
            else:
                self.inline(p, el, _Fmt())
            self.finish(p)
        elif tag in ("ul", "ol"):
            self.list_(el, 1)
        elif tag == "pre":
            self.code_block(el)
        elif tag == "blockquote":
            self.blocks(el, quote=True)
        elif tag == "table":
            self.table(el)
        elif tag == "hr" or not tag:
            return  # a rule is decoration Word does not need; comments are not content
        elif tag == "div":
            self.blocks(el, quote)
        else:
            p = self.paragraph()
            self.inline(p, el, _Fmt())
            self.finish(p)

    def quote_style(self, p: Paragraph) -> bool:
        """Style a quote paragraph; True when no quote style exists and italics must do."""
        for name in ("Quote", "Intense Quote"):
            if set_paragraph_style(p, self.state, name):
                return False
        p.paragraph_format.left_indent = Cm(1)
        p.paragraph_format.right_indent = Cm(1)
        return True

    # -- lists --------------------------------------------------------------------------

    def list_(self, el: Any, depth: int) -> None:
        numbered = el.tag == "ol"
        level = min(depth, 3)
        base = "List Number" if numbered else "List Bullet"
        style = base if level == 1 else f"{base} {level}"
        num_id: int | None = None
        if numbered:
            try:
                start = max(1, int(el.get("start", "1")))
            except ValueError:
                start = 1
            num_id = self.state.new_list(style, start)
        for li in el:
            if li.tag != "li":
                continue
            self.list_item(li, style, num_id, depth)
        if depth == 1 and self.last is not None:
            # List items sit close together; the list as a whole needs normal spacing after.
            self.last.paragraph_format.space_after = Pt(6)

    def list_item(self, li: Any, style: str, num_id: int | None, depth: int) -> None:
        current: Paragraph | None = None
        first = True

        def item_paragraph() -> Paragraph:
            nonlocal first
            if first:
                first = False
                return self.paragraph(style, num_id)
            level = min(depth, 3)
            cont = "List Continue" if level == 1 else f"List Continue {level}"
            p = self.paragraph(cont if self.state.has_style(cont) else None)
            if not self.state.has_style(cont):
                p.paragraph_format.left_indent = Cm(0.63 * level)
            return p

        def close() -> None:
            nonlocal current
            if current is not None:
                self.finish(current)
                current = None

        if li.text and li.text.strip():
            current = item_paragraph()
            self.text(current, li.text, _Fmt())
        for child in li:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in _INLINE_TAGS:
                if current is None:
                    current = item_paragraph()
                self.inline_element(current, child, _Fmt(), None)
            elif tag == "p":
                close()
                current = item_paragraph()
                self.inline(current, child, _Fmt())
                close()
            elif tag in ("ul", "ol"):
                close()
                if first:  # an item that starts with a sub-list still needs its own number
                    self.finish(item_paragraph())
                self.list_(child, depth + 1)
            elif tag:
                close()
                self.block(child)
            if child.tail and child.tail.strip():
                if current is None:
                    current = item_paragraph()
                self.text(current, child.tail, _Fmt())
        close()
        if first:  # an empty item ("1." alone) still takes its number
            self.finish(item_paragraph())

    # -- code, tables -------------------------------------------------------------------

    def code_block(self, el: Any) -> None:
        p = self.paragraph()
        p.paragraph_format.left_indent = Cm(0.5)
        shade(p, "F2F2F2")
        # One run: its line ends become w:br, so the block keeps its lines and indents.
        make_run(p._p, el.text_content().rstrip("\n"), code=True)

    def table(self, el: Any) -> None:
        rows = [tr for tr in el.iter("tr")]
        if not rows:
            return
        cols = max(len([c for c in tr if c.tag in ("td", "th")]) for tr in rows)
        if cols == 0:
            return
        table = self.state.add_table(self.container, len(rows), cols)
        set_table_style(table, self.state, "Table Grid")
        for r, (tr, row) in enumerate(zip(rows, table.rows, strict=True)):
            cells = row.cells
            is_header = r == 0 and any(c.tag == "th" for c in tr)
            if is_header:
                tr_pr = row._tr.get_or_add_trPr()
                tr_pr.append(OxmlElement("w:tblHeader"))  # repeat on every page
            for c, cell_el in enumerate(c for c in tr if c.tag in ("td", "th")):
                cell = cells[c]
                p = cell.paragraphs[0]
                align = (cell_el.get("align") or cell_el.get("style") or "").lower()
                if "center" in align:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                elif "right" in align:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                self.inline(p, cell_el, _Fmt(bold=cell_el.tag == "th"))
                self.finish(p)
                if is_header:
                    shade(cell, "E7E6E6")
        # A paragraph after the table keeps two consecutive tables from merging in Word.
        self.container.add_paragraph()

    # -- inline -------------------------------------------------------------------------

    def text(self, p: Paragraph, text: str, fmt: _Fmt, link: Any = None) -> None:
        if not fmt.code:
            # Line ends inside a Markdown paragraph are soft: Word should reflow them.
            text = text.replace("\n", " ")
        if not text:
            return
        make_run(p._p if link is None else link, text, bold=fmt.bold, italic=fmt.italic,
                 code=fmt.code, link=link is not None)

    def inline(self, p: Paragraph, el: Any, fmt: _Fmt, link: Any = None) -> None:
        if el.text:
            self.text(p, el.text, fmt, link)
        for child in el:
            self.inline_element(p, child, fmt, link)
            if child.tail:
                self.text(p, child.tail, fmt, link)

    def inline_element(self, p: Paragraph, child: Any, fmt: _Fmt, link: Any) -> None:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in ("strong", "b"):
            self.inline(p, child, replace(fmt, bold=True), link)
        elif tag in ("em", "i"):
            self.inline(p, child, replace(fmt, italic=True), link)
        elif tag == "code":
            self.text(p, child.text_content(), replace(fmt, code=True), link)
        elif tag == "a":
            href = (child.get("href") or "").strip()
            if link is None and href.lower().startswith(_SAFE_SCHEMES):
                new_link = add_hyperlink(p, href, "")
                self.inline(p, child, fmt, new_link)
            else:
                # Relative or script links would point nowhere (or somewhere unsafe) in a
                # Word file: keep their text only.
                self.inline(p, child, fmt, link)
        elif tag == "br":
            _sub(make_run(p._p if link is None else link, ""), "br")
        elif tag == "img":
            # Images are not fetched (no network, no tracking pixels): their alt text stands in.
            alt = child.get("alt") or ""
            if alt:
                self.text(p, f"[{alt}]", replace(fmt, italic=True), link)
        elif tag:
            self.inline(p, child, fmt, link)


_INLINE_TAGS = frozenset({"strong", "b", "em", "i", "code", "a", "br", "img", "span"})


_ITEM = re.compile(r"^( *)(?=(?:[-*+]|\d+[.)])(?: |$))")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def normalise_nested_lists(text: str) -> str:
    """Re-indent list items to four spaces per level, reading the levels from the indents.

    normalise_list_indent rounds each indent on its own, so with two-space nesting the third
    level (four spaces) lands on the second; here each item is compared with the open
    items above it. Fenced code is left untouched.
    """
    out: list[str] = []
    levels: list[int] = []  # the source indent of the open item at each depth
    fence = ""
    for line in text.split("\n"):
        f = _FENCE.match(line)
        if f:
            marker = f.group(1)
            if not fence:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = ""
        if fence or f:
            if f and not line[:1].isspace():
                levels = []  # an unindented code fence ends every open list
            out.append(line)
            continue
        m = _ITEM.match(line)
        if m is None:
            if line.strip() and not line[:1].isspace():
                levels = []  # an unindented paragraph ends every open list
            out.append(line)
            continue
        indent = len(m.group(1))
        if not levels and indent >= 4:
            out.append(line)  # an indented code block, not a list
            continue
        while levels and levels[-1] > indent:
            levels.pop()
        if not levels or levels[-1] < indent:
            levels.append(indent)
        out.append(" " * (4 * (len(levels) - 1)) + line[indent:])
    return "\n".join(out)


def _safe_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    # Raw HTML in a body must stay text, exactly as in the preview (markdown_html.py).
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


# One converter per thread: building one costs as much as converting a body, and a
# Markdown instance keeps state while it converts, so threads must not share one.
_LOCAL = threading.local()


def markdown_tree(markdown_text: str) -> Any:
    """The body as an lxml element (a <div>) holding the HTML Python-Markdown makes of it."""
    text = normalise_list_indent(normalise_nested_lists(sanitize(markdown_text)))
    md: markdown.Markdown | None = getattr(_LOCAL, "markdown", None)
    if md is None:
        md = _LOCAL.markdown = _safe_markdown()
    html = md.reset().convert(text)
    # lxml's HTML parser understands every named entity Python-Markdown lets through
    # (&nbsp;, &copy; ...), which a strict XML parser would reject.
    return lxml.html.fragment_fromstring(html, create_parent="div")


def add_markdown(container: Container, markdown_text: str, *, numbering_state: NumberingState,
                 heading_level: int = 2) -> None:
    """Append a Markdown body to a document or table cell as Word paragraphs and tables.

    "#" becomes the style "Heading <heading_level>", "##" the next one, and so on.
    """
    text = sanitize(markdown_text)
    if not text.strip():
        return
    writer = _Writer(container, numbering_state, heading_level,
                     rtl_possible=_RTL_CHAR.search(text) is not None)
    writer.blocks(markdown_tree(text))
