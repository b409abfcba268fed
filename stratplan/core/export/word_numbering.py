"""Per-document caches for Word output: style ids, lists that restart at 1, the block width."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph
from lxml import etree

from stratplan.core.export.cross_refs import References
from stratplan.core.export.word_xml import sanitize


class NumberingState:
    """Per-document caches: style ids, and the numbering part where every list gets its own w:num.

    Word continues a numbered list across the whole document when all its paragraphs share
    one w:num; giving each Markdown list a fresh w:num with a startOverride makes each one
    start again at 1.
    """

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self._style_ids: dict[str, str | None] = {}
        self._numbering: Any = None
        self._last_num_id = -1
        self._level_abstracts: dict[str, int] = {}  # "ol"/"ul" -> its nine-level definition
        self._bullet_num = 0
        self._block_width = 0
        # The document language's Word tag ("fr-FR"), for runs written in it.
        self.language_tag = ""
        # The language of the text being written now: a point's own, else the document's.
        self.run_lang = ""
        self._cleanup: Any = None  # the numbering part's w:numIdMacAtCleanup, found once
        self._links: dict[str, str] = {}  # web address -> its relationship id
        self.label_cells: dict[str, str] = {}  # a field label -> its paragraph's XML
        self._next_rel = 0
        # The document's point numbers, so that "see 2.3" in a text can link to point 2.3.
        self.references: References | None = None
        self.tables = 0  # captioned tables so far, for the next caption's number
        self.figures = 0  # captioned figures so far
        self.figure_word = "Figure"
        self.table_word = "Table"  # a caption's label in the document's language
        self.caption_sep = ": "  # between the caption's number and its text

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

    def new_level_list(self, kind: str, level: int, start: int = 1) -> int:
        """The numId for a Markdown list of `kind` ("ol" or "ul") at `level` (1 to 9).

        Lists use one nine-level definition per kind, as Word's own multilevel lists do, so a
        paragraph's w:ilvl carries its level and Word's list commands (Increase Indent...) work.
        Every numbered list gets its own w:num that restarts its level at `start`; bulleted
        lists count nothing and share one.
        """
        if kind != "ol" and self._bullet_num:
            return self._bullet_num
        abstract_id = self._level_abstract(kind)
        num_id = self._add_num(abstract_id, level - 1 if kind == "ol" else None, start)
        if kind != "ol":
            self._bullet_num = num_id
        return num_id

    def _add_num(self, abstract_id: int, override_level: int | None, start: int) -> int:
        numbering = self._numbering_element()
        if self._last_num_id < 0:
            # python-docx's add_num looks for a free id among all w:num each time, which
            # is quadratic for a programme with a thousand lists; count from the largest.
            used = [int(v) for v in numbering.xpath("./w:num/@w:numId")]
            self._last_num_id = max(used, default=0)
            # Found once: searching the part for it on every list is quadratic too.
            self._cleanup = numbering.find(qn("w:numIdMacAtCleanup"))
        self._last_num_id += 1
        num = numbering.makeelement(qn("w:num"), {qn("w:numId"): str(self._last_num_id)})
        etree.SubElement(num, qn("w:abstractNumId"), {qn("w:val"): str(abstract_id)})
        if override_level is not None:
            override = etree.SubElement(num, qn("w:lvlOverride"),
                                        {qn("w:ilvl"): str(override_level)})
            etree.SubElement(override, qn("w:startOverride"), {qn("w:val"): str(int(start))})
        if self._cleanup is not None:
            self._cleanup.addprevious(num)
        else:
            numbering.append(num)
        return self._last_num_id

    def _level_abstract(self, kind: str) -> int:
        """The nine-level definition for `kind`, added to the numbering part once."""
        found = self._level_abstracts.get(kind)
        if found is None:
            numbering = self._numbering_element()
            used = [int(v) for v in numbering.xpath("./w:abstractNum/@w:abstractNumId")]
            found = max(used, default=-1) + 1
            abstract = parse_xml(level_abstract_xml(found, numbered=kind == "ol"))
            first_num = numbering.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(abstract)  # abstractNum elements come before num ones
            else:
                numbering.append(abstract)
            self._level_abstracts[kind] = found
        return found

    def link_id(self, url: str) -> str:
        """The relationship id of a link to `url` from the document, added once per address.

        python-docx's relate_to looks through every relationship for each link, and finds a
        free id the same way: quadratic for a programme with thousands of links.
        """
        # Word wants an ASCII address: percent-encode letters such as "ą", keep the syntax.
        url = quote(sanitize(url).strip(), safe=":/?#[]@!$&'()*+,;=%~")
        found = self._links.get(url)
        if found is None:
            rels = self.document.part.rels
            if not self._next_rel:
                numbers = [int(r[3:]) for r in rels if r.startswith("rId") and r[3:].isdigit()]
                self._next_rel = max(numbers, default=0) + 1
            while f"rId{self._next_rel}" in rels:  # python-docx may have taken it since
                self._next_rel += 1
            found = f"rId{self._next_rel}"
            self._next_rel += 1
            rels.add_relationship(RT.HYPERLINK, url, found, is_external=True)
            self._links[url] = found
        return found

    def block_width(self) -> int:
        """The width between the margins of the last section, in EMU (read once: the lookup
        searches the whole document)."""
        if not self._block_width:
            section = self.document.sections[-1]
            width = (section.page_width or Cm(21)) - (section.left_margin or 0) - (
                section.right_margin or 0)
            self._block_width = max(int(width), int(Cm(8)))
        return self._block_width

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


# Word's own multilevel lists: "1. a. i." repeated for numbers; a disc, a circle and a
# square repeated for bullets; each level 0.63 cm further right with the mark hanging, as
# Word's List Number/List Bullet 1-5 styles step.
_NUMBER_FORMATS = ("decimal", "lowerLetter", "lowerRoman")
_BULLETS = (("\uf0b7", "Symbol"), ("o", "Courier New"), ("\uf0a7", "Wingdings"))
LEVEL_INDENT = 360  # twips


def level_abstract_xml(abstract_id: int, *, numbered: bool) -> str:
    """A nine-level w:abstractNum in Word's usual formats and indents."""
    levels = []
    for i in range(9):
        if numbered:
            mark = (f'<w:numFmt w:val="{_NUMBER_FORMATS[i % 3]}"/>'
                    f'<w:lvlText w:val="%{i + 1}."/>')
            fonts = ""
        else:
            char, font = _BULLETS[i % 3]
            mark = f'<w:numFmt w:val="bullet"/><w:lvlText w:val="{char}"/>'
            fonts = (f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/>'
                     "</w:rPr>")
        left = LEVEL_INDENT * (i + 1)
        levels.append(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/>{mark}<w:lvlJc w:val="left"/>'
            f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{left}"/></w:tabs>'
            f'<w:ind w:left="{left}" w:hanging="{LEVEL_INDENT}"/></w:pPr>{fonts}</w:lvl>')
    return (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            '<w:multiLevelType w:val="hybridMultilevel"/>' + "".join(levels) + "</w:abstractNum>")


def set_paragraph_style(paragraph: Paragraph, state: NumberingState, name: str) -> bool:
    """Apply a style by name through the cache; False (and nothing done) when it is missing."""
    style_id = state.style_id(name)
    if style_id is None:
        return False
    paragraph._p.get_or_add_pPr().style = style_id
    return True


