"""Word XML building blocks: safe text, paragraphs, runs, links to bookmarks, right-to-left."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, TypeAlias, cast

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

Container: TypeAlias = DocxDocument | _Cell

# XML 1.0 forbids C0 controls (except tab, newline, carriage return), lone surrogates and
# U+FFFE/U+FFFF; C1 controls are legal but are never meant as text, so they go too.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
RTL_CHAR = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
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


def sanitize(text: str) -> str:
    """Text that XML can hold: forbidden characters removed, line ends as "\\n", NFC."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _FORBIDDEN.search(text):
        text = _FORBIDDEN.sub("", text)
    return unicodedata.normalize("NFC", text)


def looks_rtl(text: str) -> bool:
    """True when most letters are Arabic or Hebrew (so the paragraph runs right to left)."""
    if not RTL_CHAR.search(text):
        return False
    rtl = len(RTL_CHAR.findall(text))
    letters = sum(1 for ch in text if ch.isalpha())
    return letters > 0 and rtl * 2 > letters


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = f"{_W}val"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def sub_element(parent: Any, tag: str, val: str | None = None) -> Any:
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
        if self.is_body:
            # lxml counts children one by one for len(): on a long body that made every
            # insertion slower than the one before. The last child is found directly.
            try:
                last = self.element[-1]
            except IndexError:
                last = None
            if last is not None and last.tag == f"{_W}sectPr":
                last.addprevious(el)
                return
        self.element.append(el)


def new_paragraph(target: Target, style_id: str | None = None, *, num_id: int | None = None,
                  keep_next: bool = False, space_after_twips: int | None = None) -> Paragraph:
    """An empty paragraph at the end of `target`, its properties written in schema order."""
    p = target.element.makeelement(f"{_W}p", {})
    if style_id or num_id is not None or keep_next or space_after_twips is not None:
        ppr = sub_element(p, "pPr")
        if style_id:
            sub_element(ppr, "pStyle", style_id)
        if keep_next:
            sub_element(ppr, "keepNext")
        if num_id is not None:
            num_pr = sub_element(ppr, "numPr")
            sub_element(num_pr, "ilvl", "0")
            sub_element(num_pr, "numId", str(num_id))
        if space_after_twips is not None:
            sub_element(ppr, "spacing").set(f"{_W}after", str(space_after_twips))
    target.insert(p)
    return Paragraph(p, target.parent)


def make_run(parent: Any, text: str, *, bold: bool = False, italic: bool = False,
             code: bool = False, link: bool = False, size_half_points: int = 0,
             color: str = "", style: str = "", lang: str = "") -> Any:
    """A w:r of sanitized text appended to a w:p or w:hyperlink; returns the element.

    `style` is a character style id; a link with one takes its look from it (Hyperlink)
    rather than from a colour and underline of its own, so Word restyles every link at once.
    `lang` is Word's tag of the text's language ("fr-FR").
    """
    r = sub_element(parent, "r")
    if style and link:
        link = False
    if bold or italic or code or link or size_half_points or color or style or lang:
        rpr = sub_element(r, "rPr")  # schema order: rStyle rFonts b i color sz szCs u lang
        if style:
            sub_element(rpr, "rStyle", style)
        if code:
            fonts = sub_element(rpr, "rFonts")
            for attr in ("ascii", "hAnsi", "cs"):
                fonts.set(f"{_W}{attr}", CODE_FONT)
        if bold:
            sub_element(rpr, "b")
        if italic:
            sub_element(rpr, "i")
        if link or color:
            sub_element(rpr, "color", color or str(LINK_COLOR))
        if code or size_half_points:
            size = str(size_half_points or 19)
            sub_element(rpr, "sz", size)
            sub_element(rpr, "szCs", size)
        if link:
            sub_element(rpr, "u", "single")
        if lang:
            sub_element(rpr, "lang", lang)
    append_text(r, sanitize(text))
    return r


def make_rtl(paragraph: Paragraph) -> None:
    """Right-to-left paragraph direction and runs, for Arabic or Hebrew text."""
    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(qn("w:bidi")) is None:
        ppr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    for r in paragraph._p.iter(qn("w:r")):
        rpr = r.get_or_add_rPr()
        if rpr.find(qn("w:rtl")) is None:
            rpr.insert_element_before(OxmlElement("w:rtl"), *_AFTER_RTL)


def append_text(r: Any, text: str) -> None:
    """Text into a w:r: a w:t per line and tab, with w:br and w:tab between.

    python-docx's run.text does the same one character at a time, a third of the export.
    """
    for i, line in enumerate(text.split("\n")):
        if i:
            sub_element(r, "br")
        for j, piece in enumerate(line.split("\t")):
            if j:
                sub_element(r, "tab")
            if piece:
                t = sub_element(r, "t")
                t.text = piece
                if piece[0].isspace() or piece[-1].isspace():
                    t.set(_XML_SPACE, "preserve")


def add_run(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False,
            code: bool = False, lang: str = "") -> Any:
    """A run of sanitized text with the given emphasis; returns the run."""
    return Run(make_run(paragraph._p, text, bold=bold, italic=italic, code=code, lang=lang),
               paragraph)


def make_linked_runs(parent: Any, pieces: list[tuple[str, str]], *, link_style: str,
                     bold: bool = False, italic: bool = False, lang: str = "") -> None:
    """Runs for text pieces; a piece with a bookmark name becomes a link to that bookmark."""
    for text, anchor in pieces:
        if not anchor:
            make_run(parent, text, bold=bold, italic=italic, lang=lang)
            continue
        link = sub_element(parent, "hyperlink")
        link.set(f"{_W}anchor", anchor)
        link.set(f"{_W}history", "1")
        make_run(link, text, bold=bold, italic=italic, link=True, style=link_style, lang=lang)
