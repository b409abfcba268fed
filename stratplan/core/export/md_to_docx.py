"""Markdown bodies as real Word formatting: headings, lists that restart, links, tables, quotes."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from typing import Any

import lxml.html
import markdown
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from stratplan.core.export.markdown_fast import fast_html
from stratplan.core.export.markdown_html import safe_markdown
from stratplan.core.export.markdown_lines import normalise_list_indent, normalise_nested_lists
from stratplan.core.export.tables import fit_table
from stratplan.core.export.template import DATA_TABLE_STYLE, LINK_STYLE
from stratplan.core.export.word_numbering import (
    NumberingState,
    set_paragraph_style,
    set_table_style,
)
from stratplan.core.export.word_xml import (
    RTL_CHAR,
    Container,
    Target,
    add_hyperlink,
    looks_rtl,
    make_linked_runs,
    make_rtl,
    make_run,
    new_paragraph,
    paragraph_text,
    sanitize,
    set_numbering,
    shade,
    sub_element,
)

_SAFE_SCHEMES = ("http://", "https://", "mailto:", "ftp://")


@dataclass(frozen=True)
class _Fmt:
    bold: bool = False
    italic: bool = False
    code: bool = False



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
        self.top_heading = 1  # the body's shallowest Markdown heading level, set by blocks()
        self.last_heading = heading_level - 1
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
        children = list(parent)
        for i, el in enumerate(children):
            caption = _caption_text(el)
            if caption is not None and any(
                    0 <= j < len(children) and children[j].tag == "table" for j in (i - 1, i + 1)):
                # "Table: ..." next to a table is its caption, numbered as Word numbers them.
                add_caption(self.target, self.state, caption,
                            keep_next=i + 1 < len(children) and children[i + 1].tag == "table")
                continue
            self.block(el, quote)

    def block(self, el: Any, quote: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "p":
            p = self.paragraph()
            italic = self.quote_style(p) if quote else False
            self.inline(p, el, _Fmt(italic=italic))
            self.finish(p)
        elif re.fullmatch(r"h[1-6]", tag):
            style = self.state.heading_style(self.level_for(int(tag[1])))
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

    def level_for(self, markdown_level: int) -> int:
        """The Word heading level of a body heading: the body's top level sits just below the
        point, and no heading is more than one level below the one before it."""
        level = self.heading_level + markdown_level - self.top_heading
        level = max(self.heading_level, min(level, self.last_heading + 1))
        self.last_heading = level
        return level

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
        depth = min(depth, 9)  # Word's nine list levels
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
                p = self.paragraph(style, num_id)
                if depth > 3:
                    # Word's list styles stop at 3: deeper items keep their level by indent,
                    # 0.63 cm a level with the number hanging, as Word's own lists do.
                    p.paragraph_format.left_indent = Cm(0.63 * depth)
                    p.paragraph_format.first_line_indent = -Cm(0.63)
                return p
            level = min(depth, 3)
            cont = "List Continue" if level == 1 else f"List Continue {level}"
            p = self.paragraph(cont if self.state.has_style(cont) else None)
            if depth > 3 or not self.state.has_style(cont):
                p.paragraph_format.left_indent = Cm(0.63 * min(depth, 9))
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
        make_run(p._p, el.text_content().rstrip("\n"), code=True, lang=self.state.run_lang)

    def table(self, el: Any) -> None:
        rows = [tr for tr in el.iter("tr")]
        if not rows:
            return
        cols = max(len([c for c in tr if c.tag in ("td", "th")]) for tr in rows)
        if cols == 0:
            return
        styled = self.state.has_style(DATA_TABLE_STYLE)
        table = self.state.add_table(self.container, len(rows), cols)
        if not set_table_style(table, self.state, DATA_TABLE_STYLE):
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
                # Cell text sits close to its borders, as in the field tables (set before
                # the alignment: w:spacing precedes w:jc in the schema).
                sub_element(p._p.get_or_add_pPr(), "spacing").set(qn("w:after"), "40")
                align = (cell_el.get("align") or cell_el.get("style") or "").lower()
                if "center" in align:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                elif "right" in align:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                # A header's bold and shading come from the table style's first row.
                self.inline(p, cell_el, _Fmt(bold=cell_el.tag == "th" and not styled))
                self.finish(p)
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        if look is not None:
            look.set(qn("w:firstRow"), "1" if any(c.tag == "th" for c in rows[0]) else "0")
            look.set(qn("w:firstColumn"), "0")
        width = self.state.block_width() // 635
        fit_table(table._tbl, width if isinstance(self.container, DocxDocument) else width // 2)
        # A paragraph after the table keeps two consecutive tables from merging in Word.
        self.container.add_paragraph()

    # -- inline -------------------------------------------------------------------------

    def text(self, p: Paragraph, text: str, fmt: _Fmt, link: Any = None) -> None:
        if not fmt.code:
            # Line ends inside a Markdown paragraph are soft: Word should reflow them.
            text = text.replace("\n", " ")
        if not text:
            return
        refs = self.state.references
        if link is None and not fmt.code and refs is not None:
            pieces = refs.split(text)
            if len(pieces) > 1 or pieces[0][1]:
                make_linked_runs(p._p, pieces, link_style=self.state.style_id(LINK_STYLE) or "",
                                 bold=fmt.bold, italic=fmt.italic, lang=self.state.run_lang)
                return
        make_run(p._p if link is None else link, text, bold=fmt.bold, italic=fmt.italic,
                 code=fmt.code, link=link is not None, lang=self.state.run_lang,
                 style=(self.state.style_id(LINK_STYLE) or "") if link is not None else "")

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
            sub_element(make_run(p._p if link is None else link, "", lang=self.state.run_lang),
                        "br")
        elif tag == "img":
            # Images are not fetched (no network, no tracking pixels): their alt text stands in.
            alt = child.get("alt") or ""
            if alt:
                self.text(p, f"[{alt}]", replace(fmt, italic=True), link)
        elif tag:
            self.inline(p, child, fmt, link)


# "Table: caption" (pandoc's convention), in any of the document languages.
_CAPTION = re.compile(r"^\s*(?:table|lentelė|tableau|tabla)\s*\d*\s*:\s*(\S.*)$",
                      re.IGNORECASE | re.DOTALL)


def _caption_text(el: Any) -> str | None:
    if el.tag != "p" or len(el):
        return None
    match = _CAPTION.match(el.text or "")
    return " ".join(match.group(1).split()) if match else None


def add_caption(target: Target, state: NumberingState, text: str, *,
                keep_next: bool = True) -> Paragraph:
    """A table caption in the Caption style: "Table 3: text", the number a SEQ field."""
    state.tables += 1
    p = new_paragraph(target, state.style_id("Caption"), keep_next=keep_next)
    lang = state.language_tag  # "Table 2:" is the document's; the caption text may not be
    make_run(p._p, f"{state.table_word} ", lang=lang)
    field = sub_element(p._p, "fldSimple")
    field.set(qn("w:instr"), " SEQ Table \\* ARABIC ")
    make_run(field, str(state.tables), lang=lang)
    make_run(p._p, f"{state.caption_sep.rstrip()} {text}" if text else "", lang=state.run_lang)
    return p


_INLINE_TAGS = frozenset({"strong", "b", "em", "i", "code", "a", "br", "img", "span"})


# One converter per thread: building one costs as much as converting a body, and a
# Markdown instance keeps state while it converts, so threads must not share one.
_LOCAL = threading.local()


def markdown_tree(markdown_text: str) -> Any:
    """The body as an lxml element (a <div>) holding the HTML Python-Markdown makes of it."""
    text = normalise_list_indent(normalise_nested_lists(sanitize(markdown_text)))
    # Most bodies are plain paragraphs and lists: their HTML is written directly, the same
    # string Python-Markdown would make, in a tenth of the time.
    html = fast_html(text)
    if html is None:
        md: markdown.Markdown | None = getattr(_LOCAL, "markdown", None)
        if md is None:
            md = _LOCAL.markdown = safe_markdown()
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
                     rtl_possible=RTL_CHAR.search(text) is not None)
    tree = markdown_tree(text)
    levels = [int(el.tag[1]) for el in tree.iter() if isinstance(el.tag, str)
              and re.fullmatch(r"h[1-6]", el.tag)]
    writer.top_heading = min(levels, default=1)
    writer.blocks(tree)
