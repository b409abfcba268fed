"""The body of a Word document as heading, paragraph and table blocks, its text as Markdown."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from stratplan.core.export.markdown_lines import md_escape
from stratplan.core.fields import clean_text
from stratplan.core.importing.points import Notes

_W_R, _W_T, _W_P, _W_TBL = qn("w:r"), qn("w:t"), qn("w:p"), qn("w:tbl")
_W_TR, _W_TC = qn("w:tr"), qn("w:tc")
_KEPT_CONTAINERS = {qn(t) for t in ("w:smartTag", "w:customXml", "w:sdt", "w:sdtContent",
                                    "w:fldSimple", "w:bdo", "w:dir")}
_INSERTED = {qn("w:ins"), qn("w:moveTo")}
_DELETED = {qn("w:del"), qn("w:moveFrom")}
_IMAGES = {qn("w:drawing"), qn("w:pict"), qn("w:object")}
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s|$)")


def _escape_marker(m: re.Match[str]) -> str:
    marker = m.group(2)
    # "\-" and "\#" are Markdown escapes; for "1." the escape goes before the dot.
    escaped = f"{marker[:-1]}\\{marker[-1]}" if marker[0].isdigit() else f"\\{marker}"
    return m.group(1) + escaped


def _on(el: Any) -> bool:
    """A w:b / w:i toggle: present and not switched off."""
    return el is not None and el.get(qn("w:val")) not in ("0", "false", "off")


_CODE_FONTS = {"courier new", "courier", "consolas", "dejavu sans mono", "liberation mono",
               "menlo", "monaco", "lucida console", "source code pro", "noto sans mono"}


@dataclass
class Seg:
    text: str
    bold: bool
    italic: bool
    href: str
    code: bool = False


@dataclass
class Block:
    kind: str  # "head", "para", "table"
    level: int = 0
    style: str = ""
    markdown: str = ""
    plain: str = ""
    list_kind: str = ""  # "bullet", "number", "continue" or ""
    depth: int = 0
    cells: list[list[list[str]]] = field(default_factory=list)  # rows, cells, paragraphs


class DocxReader:
    """Turns the body of a python-docx document into heading, paragraph and table blocks."""

    def __init__(self, document: DocxDocument, notes: Notes) -> None:
        self.document = document
        self.notes = notes
        self.part = document.part
        self.style_names: dict[str, str] = {}
        self.heading_levels: dict[str, int] = {}
        self.bold_styles: set[str] = set()
        self.italic_styles: set[str] = set()
        self.default_style = "Normal"
        self._num_formats: dict[tuple[str, str], str] = {}
        self._load_styles()

    def _load_styles(self) -> None:
        elements: dict[str, Any] = {}
        for style in self.document.styles.element.iterchildren(qn("w:style")):
            style_id = style.get(qn("w:styleId")) or ""
            elements[style_id] = style
        for style_obj in self.document.styles:
            self.style_names[style_obj.style_id] = style_obj.name or ""
            if style_obj.element.get(qn("w:default")) in ("1", "true") and \
                    style_obj.element.get(qn("w:type")) == "paragraph":
                self.default_style = style_obj.name or "Normal"
        for style_id, element in elements.items():
            level = self._style_heading_level(element, elements)
            if level is not None:
                self.heading_levels[style_id] = level
            rpr = element.find(qn("w:rPr"))
            if rpr is not None and _on(rpr.find(qn("w:b"))):
                self.bold_styles.add(style_id)
            if rpr is not None and _on(rpr.find(qn("w:i"))):
                self.italic_styles.add(style_id)

    def _style_heading_level(self, element: Any, elements: dict[str, Any]) -> int | None:
        """1-9 for a heading style (or one based on it), 0 for Title, None for the rest.

        A style's own outline level wins over its base: "TOC Heading" is based on
        "Heading 1" but has outline level 9, body text.
        """
        seen: set[str] = set()
        current: Any = element
        while current is not None:
            cid = current.get(qn("w:styleId")) or ""
            if cid in seen:
                return None
            seen.add(cid)
            name = self.style_names.get(cid, "")
            if name == "Title":
                return 0
            ppr = current.find(qn("w:pPr"))
            outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
            if outline is not None:
                value = outline.get(qn("w:val"), "9")
                return int(value) + 1 if value.isdigit() and int(value) < 9 else None
            m = re.fullmatch(r"heading ([1-9])", name.casefold())
            if m:
                return int(m.group(1))
            based = current.find(qn("w:basedOn"))
            current = elements.get(based.get(qn("w:val"))) if based is not None else None
        return None

    # -- inline -------------------------------------------------------------------------

    def segments(self, p: Any) -> list[Seg]:
        segs: list[Seg] = []
        self._walk(p, segs, "")
        return segs

    def _walk(self, el: Any, segs: list[Seg], href: str) -> None:
        for child in el:
            tag = child.tag
            if tag == _W_R:
                self._run(child, segs, href)
            elif tag == qn("w:hyperlink"):
                r_id = child.get(qn("r:id"))
                url = ""
                if r_id and r_id in self.part.rels and self.part.rels[r_id].is_external:
                    url = self.part.rels[r_id].target_ref
                self._walk(child, segs, url or href)
            elif tag in _INSERTED:
                self.notes.inserted += 1
                self._walk(child, segs, href)
            elif tag in _DELETED:
                self.notes.deleted += 1
            elif tag in _KEPT_CONTAINERS:
                self._walk(child, segs, href)

    def _run(self, r: Any, segs: list[Seg], href: str) -> None:
        rpr = r.find(qn("w:rPr"))
        bold = italic = code = False
        if rpr is not None:
            fonts = rpr.find(qn("w:rFonts"))
            code = fonts is not None and (fonts.get(qn("w:ascii")) or "").casefold() in _CODE_FONTS
            if _on(rpr.find(qn("w:vanish"))):
                return  # hidden text is not part of what the reader sees
            style = rpr.find(qn("w:rStyle"))
            style_id = style.get(qn("w:val")) if style is not None else ""
            bold = _on(rpr.find(qn("w:b"))) or style_id in self.bold_styles
            italic = _on(rpr.find(qn("w:i"))) or style_id in self.italic_styles
        parts: list[str] = []
        for child in r:
            tag = child.tag
            if tag == _W_T:
                parts.append(child.text or "")
            elif tag == qn("w:tab"):
                parts.append("\t")
            elif tag in (qn("w:br"), qn("w:cr")):
                if child.get(qn("w:type")) in (None, "textWrapping"):
                    parts.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                parts.append("-")
            elif tag in _IMAGES:
                self.notes.images += 1
            elif tag in (qn("w:footnoteReference"), qn("w:endnoteReference")):
                self.notes.footnotes += 1
            elif tag == qn("w:commentReference"):
                self.notes.comments += 1
        if parts:
            segs.append(Seg("".join(parts), bold, italic, href, code))

    def to_markdown(self, segs: list[Seg]) -> str:
        merged: list[Seg] = []
        for seg in segs:
            if merged and (merged[-1].bold, merged[-1].italic, merged[-1].href,
                           merged[-1].code) == (seg.bold, seg.italic, seg.href, seg.code):
                merged[-1] = Seg(merged[-1].text + seg.text, seg.bold, seg.italic, seg.href,
                                  seg.code)
            else:
                merged.append(seg)
        out: list[str] = []
        for seg in merged:
            text = clean_text(seg.text)
            core = text.strip()
            if not core:
                out.append(" " if text else "")
                continue
            lead = " " if text[0].isspace() else ""
            trail = " " if text[-1].isspace() else ""
            if seg.code and "\n" not in core:
                fence = "``" if "`" in core else "`"
                md = f"{fence}{core}{fence}" if fence == "`" else f"{fence} {core} {fence}"
            else:
                md = md_escape(core).replace("\n", "  \n")
            if seg.bold and seg.italic:
                md = f"***{md}***"
            elif seg.bold:
                md = f"**{md}**"
            elif seg.italic:
                md = f"*{md}*"
            if seg.href:
                url = seg.href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
                md = f"[{md}]({url})"
            out.append(lead + md + trail)
        lines = "".join(out).strip().split("\n")
        # A paragraph that happens to start with "1." or "-" must not become a list.
        return "\n".join(_LINE_START.sub(_escape_marker, line) for line in lines)

    # -- blocks -------------------------------------------------------------------------

    def blocks(self) -> Iterator[Block]:
        yield from self._blocks(self.document.element.body)

    def _blocks(self, parent: Any) -> Iterator[Block]:
        for child in parent:
            if child.tag == _W_P:
                yield self.paragraph(child)
            elif child.tag == _W_TBL:
                yield self.table(child)
            elif child.tag in _KEPT_CONTAINERS or child.tag in _INSERTED:
                yield from self._blocks(child)

    def _style_id(self, p: Any) -> str:
        ppr = p.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return str(style.get(qn("w:val"))) if style is not None else ""

    def paragraph(self, p: Any) -> Block:
        style_id = self._style_id(p)
        style = self.style_names.get(style_id, style_id or self.default_style)
        segs = self.segments(p)
        plain = clean_text("".join(s.text for s in segs))
        level = self.heading_levels.get(style_id)
        if level is not None:
            return Block("head", level=level, style=style, plain=plain)
        block = Block("para", style=style, plain=plain, markdown=self.to_markdown(segs))
        self._list_info(p, style, block)
        return block

    def _list_info(self, p: Any, style: str, block: Block) -> None:
        m = re.fullmatch(r"List (Bullet|Number|Continue)(?: ([2-9]))?", style)
        depth = int(m.group(2) or 1) if m else 0
        kind = {"Bullet": "bullet", "Number": "number", "Continue": "continue"}[m.group(1)] \
            if m else ""
        ppr = p.find(qn("w:pPr"))
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is not None:
            num_id = num_pr.find(qn("w:numId"))
            ilvl = num_pr.find(qn("w:ilvl"))
            nid = num_id.get(qn("w:val")) if num_id is not None else None
            lvl = ilvl.get(qn("w:val")) if ilvl is not None else "0"
            if nid and nid != "0":
                fmt = self._num_format(nid, lvl or "0")
                if kind in ("", "continue"):
                    kind = "bullet" if fmt == "bullet" else "number"
                    depth = 1
                level = int(lvl) + 1 if (lvl or "").isdigit() else 1
                # A multilevel list's w:ilvl is the level ("List Number 3" at w:ilvl 6 is
                # level 7); a style's own one-level numbering has w:ilvl 0.
                depth = max(depth, level) if m else level
        if kind == "" and style in ("Quote", "Intense Quote"):
            kind = "quote"
        block.list_kind, block.depth = kind, depth

    def _num_format(self, num_id: str, ilvl: str) -> str:
        key = (num_id, ilvl)
        if key not in self._num_formats:
            fmt = "decimal"
            # A document without a numbering part (python-docx raises NotImplementedError)
            # keeps the default format.
            with contextlib.suppress(KeyError, NotImplementedError, ValueError):
                numbering = self.part.numbering_part.element
                found = numbering.xpath(
                    f'./w:abstractNum[@w:abstractNumId=string(../w:num[@w:numId="{int(num_id)}"]'
                    f'/w:abstractNumId/@w:val)]/w:lvl[@w:ilvl="{int(ilvl)}"]/w:numFmt/@w:val')
                if found:
                    fmt = str(found[0])
            self._num_formats[key] = fmt
        return self._num_formats[key]

    def table(self, tbl: Any) -> Block:
        rows: list[list[list[str]]] = []
        md_rows: list[list[str]] = []
        for n, tr in enumerate(tbl.iterchildren(_W_TR)):
            cells: list[list[str]] = []
            md_cells: list[str] = []
            for tc in tr.iterchildren(_W_TC):
                paragraphs = [self.segments(p) for p in tc.iter(_W_P)]
                if n == 0:  # a Markdown header row is bold already
                    paragraphs = [[Seg(s.text, False, s.italic, s.href, s.code) for s in segs]
                                  for segs in paragraphs]
                cells.append([clean_text("".join(s.text for s in segs)).strip()
                              for segs in paragraphs])
                md = " ".join(x for x in (self.to_markdown(s) for s in paragraphs) if x)
                md_cells.append(" ".join(md.replace("  \n", " ").split()))
                tc_pr = tc.find(qn("w:tcPr"))
                span = tc_pr.find(qn("w:gridSpan")) if tc_pr is not None else None
                extra = int(span.get(qn("w:val"), "1")) - 1 if span is not None else 0
                for _ in range(max(0, min(extra, 60))):
                    cells.append([])
                    md_cells.append("")
            rows.append(cells)
            md_rows.append(md_cells)
        cols = max((len(r) for r in md_rows), default=0)
        lines: list[str] = []
        if cols:
            for k, r in enumerate(md_rows):
                r = r + [""] * (cols - len(r))
                lines.append("| " + " | ".join(r) + " |")
                if k == 0:
                    lines.append("|" + "---|" * cols)
        return Block("table", markdown="\n".join(lines), cells=rows)
