"""Markdown bodies as real Word formatting: headings, lists that restart, links, tables, quotes."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from typing import Any
from xml.sax.saxutils import unescape as xml_unescape

import lxml.html
import markdown
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from stratplan.core.export.markdown_fast import (
    FastBlock,
    FastHeading,
    FastList,
    FastParagraph,
    FastQuote,
    FastTable,
    fast_blocks,
    fast_html,
    table_html,
)
from stratplan.core.export.markdown_html import safe_markdown
from stratplan.core.export.markdown_lines import normalise_list_indent, normalise_nested_lists
from stratplan.core.export.tables import column_widths
from stratplan.core.export.template import DATA_TABLE_STYLE, LINK_STYLE, TABLE_TEXT_STYLE
from stratplan.core.export.word_numbering import LEVEL_INDENT, NumberingState
from stratplan.core.export.word_strings import attr, text_xml
from stratplan.core.export.word_xml import (
    CODE_FONT,
    LINK_COLOR,
    RTL_CHAR,
    Container,
    Target,
    looks_rtl,
    make_run,
    new_paragraph,
    sanitize,
    sub_element,
)

_SAFE_SCHEMES = ("http://", "https://", "mailto:", "ftp://")


@dataclass(frozen=True)
class _Fmt:
    bold: bool = False
    italic: bool = False
    code: bool = False


_RTL_MARK = "\x01"  # where <w:rtl/> goes in a run's properties, decided per paragraph
_CODE_FONTS = f'<w:rFonts w:ascii="{CODE_FONT}" w:hAnsi="{CODE_FONT}" w:cs="{CODE_FONT}"/>'
_TWIPS_PER_CM = 567


@dataclass
class _Para:
    """A paragraph waiting to be written: its properties, and its runs as XML text."""

    style_id: str | None = None
    num_id: int | None = None
    ilvl: int = 0  # the list level, 0 to 8, when num_id is set
    shade: str = ""
    space_after: int | None = None
    left: int | None = None
    right: int | None = None
    hanging: int | None = None
    jc: str = ""
    keep_next: bool = False
    runs: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # its plain text, for the direction

    def xml(self, rtl_possible: bool) -> str:
        rtl = rtl_possible and looks_rtl("".join(self.text))
        ppr = [f'<w:pStyle w:val="{attr(self.style_id)}"/>' if self.style_id else "",
               "<w:keepNext/>" if self.keep_next else ""]
        if self.num_id is not None:
            ppr.append(f'<w:numPr><w:ilvl w:val="{self.ilvl}"/>'
                       f'<w:numId w:val="{self.num_id}"/></w:numPr>')
        if self.shade:
            ppr.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{self.shade}"/>')
        if rtl:
            ppr.append("<w:bidi/>")
        if self.space_after is not None:
            ppr.append(f'<w:spacing w:after="{self.space_after}"/>')
        if self.left is not None or self.right is not None or self.hanging is not None:
            ppr.append("<w:ind" + (f' w:left="{self.left}"' if self.left is not None else "")
                       + (f' w:right="{self.right}"' if self.right is not None else "")
                       + (f' w:hanging="{self.hanging}"' if self.hanging is not None else "")
                       + "/>")
        if self.jc:
            ppr.append(f'<w:jc w:val="{self.jc}"/>')
        props = "".join(ppr)
        runs = "".join(self.runs).replace(_RTL_MARK, "<w:rtl/>" if rtl else "")
        return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs}</w:p>"


class _Writer:
    """Walks the HTML tree Python-Markdown produces and writes Word paragraphs.

    Paragraphs are collected as XML text and parsed in one go when the body is done (or
    before a table, which python-docx builds): element by element, the bodies took half of a
    large export.
    """

    def __init__(self, container: Container, state: NumberingState, heading_level: int,
                 rtl_possible: bool) -> None:
        self.container = container
        self.target = Target(container)
        self.state = state
        self.heading_level = heading_level
        self.rtl_possible = rtl_possible
        self.pending: list[_Para] = []
        self.top_heading = 1  # the body's shallowest Markdown heading level, set by blocks()
        self.last_heading = heading_level - 1
        self.link_style = state.style_id(LINK_STYLE) or ""
        self.lang = state.run_lang
        lang = f'<w:lang w:val="{attr(self.lang)}"/>' if self.lang else ""
        # The start of a run of plain text, the commonest by far, made once per body.
        self.plain_run = f"<w:r><w:rPr>{_RTL_MARK}{lang}</w:rPr>"
        self.reuse: Any = None
        if isinstance(container, _Cell):
            paragraphs = container.paragraphs
            # A fresh table cell already holds one empty paragraph: write in its place rather
            # than leave a blank line at the top of the cell.
            if len(paragraphs) == 1 and not paragraphs[0]._p.xpath("./w:r|./w:hyperlink"):
                self.reuse = paragraphs[0]._p

    # -- paragraphs ---------------------------------------------------------------------

    def paragraph(self, style: str | None = None, num_id: int | None = None) -> _Para:
        p = _Para(self.state.style_id(style) if style else None, num_id)
        self.pending.append(p)
        return p

    def flush(self) -> None:
        """Write the paragraphs collected so far into the document."""
        if not self.pending:
            return
        xml = "".join(p.xml(self.rtl_possible) for p in self.pending)
        self.pending = []
        body = parse_xml(f"<w:body {nsdecls('w', 'r')}>{xml}</w:body>")
        if self.reuse is not None:
            self.reuse.getparent().remove(self.reuse)
            self.reuse = None
        for el in list(body):
            self.target.insert(el)

    def blocks(self, parent: Any, quote: bool = False) -> None:
        children = list(parent)
        for i, el in enumerate(children):
            caption = _caption_text(el)
            if caption is not None and any(
                    0 <= j < len(children) and children[j].tag == "table" for j in (i - 1, i + 1)):
                # "Table: ..." next to a table is its caption, numbered as Word numbers them.
                self.flush()
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
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            style = self.state.heading_style(self.level_for(int(tag[1])))
            p = self.paragraph(style)
            self.inline(p, el, _Fmt(bold=style is None))
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
            self.inline(self.paragraph(), el, _Fmt())

    def level_for(self, markdown_level: int) -> int:
        """The Word heading level of a body heading: the body's top level sits just below the
        point, and no heading is more than one level below the one before it."""
        level = self.heading_level + markdown_level - self.top_heading
        level = max(self.heading_level, min(level, self.last_heading + 1))
        self.last_heading = level
        return level

    def quote_style(self, p: _Para) -> bool:
        """Style a quote paragraph; True when no quote style exists and italics must do."""
        for name in ("Quote", "Intense Quote"):
            style_id = self.state.style_id(name)
            if style_id:
                p.style_id = style_id
                return False
        p.left = p.right = _TWIPS_PER_CM
        return True

    # -- lists --------------------------------------------------------------------------

    def list_(self, el: Any, depth: int) -> None:
        depth = min(depth, 9)  # Word's nine list levels
        numbered = el.tag == "ol"
        try:
            start = max(1, int(el.get("start", "1")))
        except ValueError:
            start = 1
        num_id = self.state.new_level_list(el.tag, depth, start)
        style = self.list_style(numbered, depth)
        first = len(self.pending)
        for li in el:
            if li.tag == "li":
                self.list_item(li, style, num_id, depth)
        if depth == 1 and len(self.pending) > first:
            # List items sit close together; the list as a whole needs normal spacing after.
            self.pending[-1].space_after = 120

    def list_style(self, numbered: bool, depth: int) -> str:
        """"List Number 2" for a numbered item at level 2; past the styles a template has
        (Word's stop at 5, StratPlan's at 3) the deepest one, the level kept by w:ilvl."""
        base = "List Number" if numbered else "List Bullet"
        for level in range(depth, 1, -1):
            if self.state.has_style(f"{base} {level}"):
                return f"{base} {level}"
        return base

    def list_item(self, li: Any, style: str, num_id: int | None, depth: int) -> None:
        current: _Para | None = None
        first = True

        def item_paragraph() -> _Para:
            nonlocal first
            if first:
                first = False
                p = self.paragraph(style, num_id)
                p.ilvl = depth - 1
                return p
            cont = "List Continue" if depth == 1 else f"List Continue {depth}"
            p = self.paragraph(cont if self.state.has_style(cont) else None)
            if not self.state.has_style(cont):
                # The text lines up with the item's, as the numbering level indents it.
                p.left = LEVEL_INDENT * depth
            return p

        if li.text and li.text.strip():
            current = item_paragraph()
            self.text(current, li.text, _Fmt())
        for child in li:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in _INLINE_TAGS:
                if current is None:
                    current = item_paragraph()
                self.inline_element(current, child, _Fmt())
            elif tag == "p":
                current = item_paragraph()
                self.inline(current, child, _Fmt())
                current = None
            elif tag in ("ul", "ol"):
                current = None
                if first:  # an item that starts with a sub-list still needs its own number
                    item_paragraph()
                self.list_(child, depth + 1)
            elif tag:
                current = None
                self.block(child)
            if child.tail and child.tail.strip():
                if current is None:
                    current = item_paragraph()
                self.text(current, child.tail, _Fmt())
        if first:  # an empty item ("1." alone) still takes its number
            item_paragraph()

    # -- the fast path's blocks ---------------------------------------------------------

    def fast(self, blocks: list[FastBlock]) -> None:
        """Blocks the fast path read: no HTML tree to build and walk."""
        for i, block in enumerate(blocks):
            if isinstance(block, FastParagraph):
                caption = _CAPTION.match(block.html) if "<" not in block.html else None
                if caption is not None and any(
                        0 <= j < len(blocks) and isinstance(blocks[j], FastTable)
                        for j in (i - 1, i + 1)):
                    # As blocks() does: "Table: ..." next to a table is its caption.
                    self.flush()
                    add_caption(self.target, self.state,
                                " ".join(_unescape(caption.group(1)).split()),
                                keep_next=i + 1 < len(blocks)
                                and isinstance(blocks[i + 1], FastTable))
                    continue
                self.inline_html(self.paragraph(), block.html)
            elif isinstance(block, FastHeading):
                style = self.state.heading_style(self.level_for(block.level))
                self.inline_html(self.paragraph(style), block.html, bold=style is None)
            elif isinstance(block, FastQuote):
                p = self.paragraph()
                self.inline_html(p, block.html, italic=self.quote_style(p))
            elif isinstance(block, FastTable):
                # python-docx builds tables: the same code as for Python-Markdown's.
                self.table(lxml.html.fragment_fromstring(table_html(block)))
            else:
                self.fast_list(block, 1)

    def fast_list(self, block: FastList, depth: int) -> None:
        depth = min(depth, 9)
        num_id = self.state.new_level_list(block.kind, depth, max(1, int(block.start)))
        style = self.list_style(block.kind == "ol", depth)
        for inner, nested in block.items:
            p = self.paragraph(style, num_id)
            p.ilvl = depth - 1
            self.inline_html(p, inner)
            if nested is not None:
                self.fast_list(nested, depth + 1)
        if depth == 1:
            self.pending[-1].space_after = 120

    def inline_html(self, p: _Para, html: str, *, bold: bool = False,
                    italic: bool = False) -> None:
        """The fast path's inline HTML: text, <strong>, <em>, <code> and <a href="...">."""
        fmt = _Fmt(bold=bold, italic=italic)
        link = False
        for i, piece in enumerate(_TAGS.split(html)):
            if i % 2 == 0:
                if piece:
                    self.text(p, _unescape(piece), fmt, link)
            elif piece == "<strong>" or piece == "</strong>":
                fmt = replace(fmt, bold=piece == "<strong>" or bold)
            elif piece == "<em>" or piece == "</em>":
                fmt = replace(fmt, italic=piece == "<em>" or italic)
            elif piece == "<code>" or piece == "</code>":
                fmt = replace(fmt, code=piece == "<code>")
            elif piece == "</a>":
                if link:
                    p.runs.append("</w:hyperlink>")
                link = False
            else:  # <a href="...">
                href = _unescape(piece[9:-2])
                if href.lower().startswith(_SAFE_SCHEMES):
                    p.runs.append(f'<w:hyperlink r:id="{self.state.link_id(href)}" '
                                  'w:history="1">')
                    link = True

    # -- code, tables -------------------------------------------------------------------

    def code_block(self, el: Any) -> None:
        p = self.paragraph()
        p.left, p.shade = _TWIPS_PER_CM // 2, "F2F2F2"
        # One run: its line ends become w:br, so the block keeps its lines and indents.
        self.text(p, el.text_content().rstrip("\n"), _Fmt(code=True))

    def table(self, el: Any) -> None:
        """A Markdown table as one XML string: widths from content, header row repeated, rows
        kept whole (python-docx's cell API took 1.5 ms a table)."""
        rows = [[c for c in tr if c.tag in ("td", "th")] for tr in el.iter("tr")]
        if not rows:
            return
        cols = max(len(cells) for cells in rows)
        if cols == 0:
            return
        self.flush()  # what came before the table goes first
        styled = self.state.has_style(DATA_TABLE_STYLE)
        style_id = self.state.style_id(DATA_TABLE_STYLE) or self.state.style_id("Table Grid")
        header = any(c.tag == "th" for c in rows[0])
        text_style = self.state.style_id(TABLE_TEXT_STYLE)
        cell_xml: list[list[str]] = []
        texts: list[tuple[str, ...]] = []
        for r, cells in enumerate(rows):
            row_xml, row_text = [], []
            for c in range(cols):
                if c >= len(cells):
                    row_xml.append("<w:p/>")
                    row_text.append("")
                    continue
                cell_el = cells[c]
                align = (cell_el.get("align") or cell_el.get("style") or "").lower()
                # Cell text sits close to its borders by its style, as in the field tables.
                # The header row keeps with the first row, never alone at a page's foot.
                p = _Para(style_id=text_style, keep_next=r == 0 and header and len(rows) > 1,
                          jc="center" if "center" in align else "right" if "right" in align
                          else "")
                # A header's bold and shading come from the table style's first row.
                self.inline(p, cell_el, _Fmt(bold=cell_el.tag == "th" and not styled))
                xml = p.xml(self.rtl_possible)
                row_xml.append(xml)
                row_text.append(xml_unescape("".join(_CELL_TEXT.findall(xml))))
            cell_xml.append(row_xml)
            texts.append(tuple(row_text))
        width = self.state.block_width() // 635
        widths, _ = column_widths(texts[1:], width if isinstance(self.container, DocxDocument)
                                  else width // 2, header=texts[0])
        out = [f"<w:tbl {nsdecls('w', 'r')}><w:tblPr>"
               + (f'<w:tblStyle w:val="{attr(style_id)}"/>' if style_id else "")
               + '<w:tblW w:type="auto" w:w="0"/><w:tblLayout w:type="fixed"/>'
               f'<w:tblLook w:firstColumn="0" w:firstRow="{1 if header else 0}" '
               'w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
               "</w:tblPr><w:tblGrid>"
               + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"]
        for r, row_xml in enumerate(cell_xml):
            # Rows are never split across pages; the header row repeats on every page.
            out.append("<w:tr><w:trPr><w:cantSplit/>"
                       + ("<w:tblHeader/>" if r == 0 and header else "") + "</w:trPr>")
            out += [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr>{xml}</w:tc>'
                    for w, xml in zip(widths, row_xml, strict=True)]
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.target.insert(parse_xml("".join(out)))
        if isinstance(self.container, _Cell):
            new_paragraph(self.target)  # Word wants a paragraph after a table in a cell
        # A paragraph after the table keeps two consecutive tables from merging in Word.
        new_paragraph(self.target)

    # -- inline -------------------------------------------------------------------------

    def run(self, text: str, fmt: _Fmt, *, link: bool = False, br: bool = False) -> str:
        """A w:r as XML; the link style (or a colour and underline) for a link's text."""
        if not (link or br or fmt.bold or fmt.italic or fmt.code):
            return f"{self.plain_run}{text_xml(text)}</w:r>"
        props = []
        if link and self.link_style:
            props.append(f'<w:rStyle w:val="{attr(self.link_style)}"/>')
        if fmt.code:
            props.append(_CODE_FONTS)
        if fmt.bold:
            props.append("<w:b/>")
        if fmt.italic:
            props.append("<w:i/>")
        if link and not self.link_style:
            props.append(f'<w:color w:val="{LINK_COLOR}"/>')
        if fmt.code:
            props.append('<w:sz w:val="19"/><w:szCs w:val="19"/>')
        if link and not self.link_style:
            props.append('<w:u w:val="single"/>')
        props.append(_RTL_MARK)
        if self.lang:
            props.append(f'<w:lang w:val="{attr(self.lang)}"/>')
        return f"<w:r><w:rPr>{''.join(props)}</w:rPr>{'<w:br/>' if br else text_xml(text)}</w:r>"

    def text(self, p: _Para, text: str, fmt: _Fmt, link: bool = False) -> None:
        if not fmt.code:
            # Line ends inside a Markdown paragraph are soft: Word should reflow them.
            text = text.replace("\n", " ")
        if not text:
            return
        if self.rtl_possible:
            p.text.append(text)
        refs = self.state.references
        if not link and not fmt.code and refs is not None:
            for piece, anchor in refs.split(text):
                if anchor:
                    p.runs.append(f'<w:hyperlink w:anchor="{attr(anchor)}" w:history="1">'
                                  f"{self.run(piece, fmt, link=True)}</w:hyperlink>")
                else:
                    p.runs.append(self.run(piece, fmt))
            return
        p.runs.append(self.run(text, fmt, link=link))

    def inline(self, p: _Para, el: Any, fmt: _Fmt, link: bool = False) -> None:
        if el.text:
            self.text(p, el.text, fmt, link)
        for child in el:
            self.inline_element(p, child, fmt, link)
            if child.tail:
                self.text(p, child.tail, fmt, link)

    def inline_element(self, p: _Para, child: Any, fmt: _Fmt, link: bool = False) -> None:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in ("strong", "b"):
            self.inline(p, child, replace(fmt, bold=True), link)
        elif tag in ("em", "i"):
            self.inline(p, child, replace(fmt, italic=True), link)
        elif tag == "code":
            self.text(p, child.text_content(), replace(fmt, code=True), link)
        elif tag == "a":
            href = (child.get("href") or "").strip()
            if not link and href.lower().startswith(_SAFE_SCHEMES):
                p.runs.append(f'<w:hyperlink r:id="{self.state.link_id(href)}" w:history="1">')
                self.inline(p, child, fmt, True)
                p.runs.append("</w:hyperlink>")
            else:
                # Relative or script links would point nowhere (or somewhere unsafe) in a
                # Word file: keep their text only.
                self.inline(p, child, fmt, link)
        elif tag == "br":
            p.runs.append(self.run("", fmt, link=link, br=True))
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


_TAGS = re.compile(r"(<[^>]*>)")  # the fast path's inline HTML holds no other "<"
_CELL_TEXT = re.compile(r"<w:t[^>]*>([^<]*)</w:t>")


def _unescape(html_text: str) -> str:
    """The two escapes the fast path writes, undone."""
    return html_text.replace("&gt;", ">").replace("&amp;", "&") if "&" in html_text else html_text
_INLINE_TAGS = frozenset({"strong", "b", "em", "i", "code", "a", "br", "img", "span"})


# One converter per thread: building one costs as much as converting a body, and a
# Markdown instance keeps state while it converts, so threads must not share one.
_LOCAL = threading.local()


def _normalised(markdown_text: str) -> str:
    return normalise_list_indent(normalise_nested_lists(sanitize(markdown_text)))


def markdown_tree(markdown_text: str) -> Any:
    """The body as an lxml element (a <div>) holding the HTML Python-Markdown makes of it."""
    text = _normalised(markdown_text)
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
    blocks = fast_blocks(_normalised(text))
    if blocks is not None:
        writer.top_heading = min((b.level for b in blocks if isinstance(b, FastHeading)),
                                 default=1)
        writer.fast(blocks)
        writer.flush()
        return
    tree = markdown_tree(text)
    levels = [int(el.tag[1]) for el in tree.iter() if isinstance(el.tag, str)
              and re.fullmatch(r"h[1-6]", el.tag)]
    writer.top_heading = min(levels, default=1)
    writer.blocks(tree)
    writer.flush()
