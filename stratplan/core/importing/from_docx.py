"""Proposals read from a Markdown file or a Word document: each heading at the points' level."""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from stratplan.core.errors import BadFileError
from stratplan.core.export.document import LABELS
from stratplan.core.export.template import DECISION_STYLE, SUMMARY_STYLE, open_template
from stratplan.core.export.text_writers import md_escape, shift_headings
from stratplan.core.fields import TEXT_LIMITS, clean_text

MAX_POINTS = 5_000
MAX_BODY_CHARS = TEXT_LIMITS["body"]
MAX_TITLE_CHARS = TEXT_LIMITS["title"]
MAX_MARKDOWN_CHARS = 20_000_000
MAX_DOCX_BYTES = 50 * 1024 * 1024
# A .docx is a zip: a small file can unpack to gigabytes ("zip bomb"); refuse those.
MAX_UNPACKED_BYTES = 500 * 1024 * 1024


@dataclass(frozen=True)
class ImportedPoint:
    title: str
    body: str
    summary: str = ""
    objective: str = ""
    actions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    points: tuple[ImportedPoint, ...]
    skipped: tuple[str, ...]


# Field labels in every language, so that a file exported in French imports anywhere.
_FIELD_KEYS = ("summary", "objective", "actions", "indicators", "responsible", "timeline",
               "resources", "level", "tags", "decision")
_LABEL_KEY: dict[str, str] = {
    LABELS[lang][key].casefold(): key for lang in LABELS for key in _FIELD_KEYS
}
_NO_POINTS = {LABELS[lang]["no_points"].casefold() for lang in LABELS}
_NUMBERED_TITLE = re.compile(r"^(?:\d+(?:\.\d+)+\.?|\d+\.)\s+(?=\S)")
_UNESCAPE = re.compile(r"\\([\\`*_\[\]#|])")


def _label_key(label: str) -> str | None:
    return _LABEL_KEY.get(label.strip().casefold())


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@dataclass
class _Head:
    index: int  # line number (Markdown) or block number (Word)
    level: int
    title: str
    trivial: bool = True  # nothing but blank lines, tables or "No points" under it
    next_level: int = 0  # level of the following heading, 0 for none


def _point_level(heads: Sequence[_Head]) -> int | None:
    """The heading level whose headings are the points.

    The shallowest level used more than once (or, when no level repeats, level 2 if present),
    then one level deeper as long as that level only groups the next one, as the sections
    of an exported plan do.
    """
    counts = Counter(h.level for h in heads if 1 <= h.level <= 3)
    if not counts:
        return None
    repeated = sorted(level for level, n in counts.items() if n > 1)
    if repeated:
        candidates = repeated
    else:
        deeper = sorted(level for level in counts if level >= 2)
        candidates = deeper or sorted(counts)
    level = candidates[0]
    for deeper_level in candidates[1:]:
        at_level = [h for h in heads if h.level == level]
        groups_only = all(h.trivial for h in at_level) and any(
            h.next_level > level for h in at_level)
        if not groups_only:
            break
        level = deeper_level
    return level


def _title(raw: str, notes: _Notes) -> str:
    title = clean_text(raw, single_line=True)
    if len(title) > MAX_TITLE_CHARS:
        notes.shortened += 1
        title = title[: MAX_TITLE_CHARS - 1].rstrip() + "…"
    return title


@dataclass
class _Notes:
    images: int = 0
    inserted: int = 0
    deleted: int = 0
    comments: int = 0
    footnotes: int = 0
    outside: int = 0
    shortened: int = 0
    untitled: int = 0
    extra: list[str] = field(default_factory=list)

    def render(self) -> tuple[str, ...]:
        out: list[str] = []
        if self.images:
            out.append(_plural(self.images, "image skipped", "images skipped"))
        if self.inserted or self.deleted:
            out.append("tracked changes: the inserted text was kept, deleted text dropped")
        if self.comments:
            out.append(_plural(self.comments, "comment ignored", "comments ignored"))
        if self.footnotes:
            out.append(_plural(self.footnotes, "footnote skipped", "footnotes skipped"))
        if self.outside:
            out.append(_plural(self.outside, "paragraph", "paragraphs")
                       + " outside the points (introductions, chapter text) not imported")
        if self.shortened:
            out.append(_plural(self.shortened, "title", "titles")
                       + f" shortened to {MAX_TITLE_CHARS} characters")
        if self.untitled:
            out.append(_plural(self.untitled, "heading without text", "headings without text")
                       + " given a numbered title")
        return (*out, *self.extra)


def _finish(raw_points: list[tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]]],
            notes: _Notes) -> ImportResult:
    """Checks limits, strips "1.2 " numbering when every title has it, and builds the result."""
    if len(raw_points) > MAX_POINTS:
        raise BadFileError(
            f"The file has {len(raw_points):,} points; at most {MAX_POINTS:,} can be imported "
            "at once. Split the file and import the parts one by one.")
    numbered = bool(raw_points) and all(_NUMBERED_TITLE.match(p[0]) for p in raw_points)
    points: list[ImportedPoint] = []
    for n, (title, body, summary, objective, actions, tags) in enumerate(raw_points, start=1):
        if numbered:
            title = _NUMBERED_TITLE.sub("", title, count=1)
        if not title:
            notes.untitled += 1
            title = f"Point {n}"
        body = body.strip("\n")
        if len(body) > MAX_BODY_CHARS:
            raise BadFileError(
                f"The text of '{title[:60]}' is {len(body):,} characters long; one point can "
                f"hold {MAX_BODY_CHARS:,}. Split it with more headings and import again.")
        points.append(ImportedPoint(title=title, body=body, summary=summary,
                                    objective=objective, actions=actions, tags=tags))
    return ImportResult(points=tuple(points), skipped=notes.render())


# -- Markdown ---------------------------------------------------------------------------

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SUMMARY_LINE = re.compile(r"^\*\*(.+?):\*\*[ \t]?(.*)$")
_FIELD_LINE = re.compile(r"^- \*\*(.+?):\*\*[ \t]?(.*)$")
_WARNING_LINE = re.compile(r"^- \*\*⚠ .*\*\*$")


def _markdown_heads(lines: list[str]) -> list[_Head]:
    heads: list[_Head] = []
    fence = ""
    for i, line in enumerate(lines):
        m = _FENCE.match(line)
        if m:
            marker = m.group(1)
            if not fence:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = ""
            continue
        if fence:
            continue
        h = _ATX.match(line)
        if h:
            title = _CLOSING.sub("", h.group(2) or "").strip()
            heads.append(_Head(i, len(h.group(1)), _unescape(title)))
    for k, head in enumerate(heads):
        end = heads[k + 1].index if k + 1 < len(heads) else len(lines)
        head.next_level = heads[k + 1].level if k + 1 < len(heads) else 0
        head.trivial = all(_trivial_line(line) for line in lines[head.index + 1:end])
    return heads


def _trivial_line(line: str) -> bool:
    text = line.strip()
    return not text or text.startswith("|") or text.strip("*_ ").casefold() in _NO_POINTS


def _parse_fields(lines: list[str]) -> tuple[str, dict[str, list[str]], dict[str, list[str]],
                                              list[str]]:
    """Summary, field texts and field items at the top of a point; the rest is the body."""
    i, n = 0, len(lines)
    while i < n and not lines[i].strip():
        i += 1
    summary = ""
    m = _SUMMARY_LINE.match(lines[i]) if i < n else None
    if m and _label_key(m.group(1)) == "summary":
        parts = [m.group(2)]
        i += 1
        while i < n and lines[i].strip() and not _FIELD_LINE.match(lines[i]):
            parts.append(lines[i])
            i += 1
        summary = _unescape("\n".join(parts)).strip()
        while i < n and not lines[i].strip():
            i += 1
    values: dict[str, list[str]] = {}
    items: dict[str, list[str]] = {}
    current = ""
    j = i
    while j < n:
        line = lines[j]
        f = _FIELD_LINE.match(line)
        key = _label_key(f.group(1)) if f else None
        if f and key:
            current = key
            values[key] = [f.group(2)] if f.group(2) else []
            items[key] = []
        elif _WARNING_LINE.match(line) and current:
            j += 1  # the "changed in the programme" warning line carries no field value
            continue
        elif current and line.startswith("    - ") and current in ("actions", "indicators"):
            items[current].append(line[6:])
        elif current and line.startswith("    ") and line.strip():
            values[current].append(line[4:])
        else:
            break
        j += 1
    if values:
        i = j
    return summary, values, items, lines[i:]


def import_markdown(text: str) -> ImportResult:
    """Points from a Markdown document, such as one written by write_markdown."""
    if len(text) > MAX_MARKDOWN_CHARS:
        raise BadFileError(
            f"The Markdown file has {len(text):,} characters; at most {MAX_MARKDOWN_CHARS:,} "
            "can be imported at once. Split it and import the parts one by one.")
    lines = clean_text(text.lstrip("\ufeff")).split("\n")
    notes = _Notes()
    heads = _markdown_heads(lines)
    level = _point_level(heads)
    if level is None:
        notes.extra.append("no headings found: start each point with a line such as '## Title'")
        return ImportResult(points=(), skipped=notes.render())
    raw: list[tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]]] = []
    for k, head in enumerate(heads):
        if head.level != level:
            if head.level < level and not head.trivial and head.level > 1:
                notes.outside += 1
            continue
        end = len(lines)
        for later in heads[k + 1:]:
            if later.level <= level:
                end = later.index
                break
        summary, values, items, rest = _parse_fields(lines[head.index + 1:end])
        body = shift_headings("\n".join(rest).strip("\n"), -level)
        objective = _unescape("\n".join(values.get("objective", []))).strip()
        actions = tuple(a for a in (_unescape(x).strip() for x in items.get("actions", [])) if a)
        tags_text = _unescape(" ".join(values.get("tags", [])))
        tags = tuple(t for t in (x.strip() for x in tags_text.split(",")) if t)
        raw.append((_title(head.title, notes), body, summary, objective, actions, tags))
    return _finish(raw, notes)


# -- Word -------------------------------------------------------------------------------

_W_R, _W_T, _W_P, _W_TBL = qn("w:r"), qn("w:t"), qn("w:p"), qn("w:tbl")
_W_TR, _W_TC = qn("w:tr"), qn("w:tc")
_KEPT_CONTAINERS = {qn(t) for t in ("w:smartTag", "w:customXml", "w:sdt", "w:sdtContent",
                                    "w:fldSimple", "w:bdo", "w:dir")}
_INSERTED = {qn("w:ins"), qn("w:moveTo")}
_DELETED = {qn("w:del"), qn("w:moveFrom")}
_IMAGES = {qn("w:drawing"), qn("w:pict"), qn("w:object")}
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s|$)")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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
class _Seg:
    text: str
    bold: bool
    italic: bool
    href: str
    code: bool = False


@dataclass
class _Block:
    kind: str  # "head", "para", "table"
    level: int = 0
    style: str = ""
    markdown: str = ""
    plain: str = ""
    list_kind: str = ""  # "bullet", "number", "continue" or ""
    depth: int = 0
    cells: list[list[list[str]]] = field(default_factory=list)  # rows, cells, paragraphs


class _DocxReader:
    """Turns the body of a python-docx document into heading, paragraph and table blocks."""

    def __init__(self, document: DocxDocument, notes: _Notes) -> None:
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

    def segments(self, p: Any) -> list[_Seg]:
        segs: list[_Seg] = []
        self._walk(p, segs, "")
        return segs

    def _walk(self, el: Any, segs: list[_Seg], href: str) -> None:
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

    def _run(self, r: Any, segs: list[_Seg], href: str) -> None:
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
            segs.append(_Seg("".join(parts), bold, italic, href, code))

    def to_markdown(self, segs: list[_Seg]) -> str:
        merged: list[_Seg] = []
        for seg in segs:
            if merged and (merged[-1].bold, merged[-1].italic, merged[-1].href,
                           merged[-1].code) == (seg.bold, seg.italic, seg.href, seg.code):
                merged[-1] = _Seg(merged[-1].text + seg.text, seg.bold, seg.italic, seg.href,
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

    def blocks(self) -> Iterator[_Block]:
        yield from self._blocks(self.document.element.body)

    def _blocks(self, parent: Any) -> Iterator[_Block]:
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

    def paragraph(self, p: Any) -> _Block:
        style_id = self._style_id(p)
        style = self.style_names.get(style_id, style_id or self.default_style)
        segs = self.segments(p)
        plain = clean_text("".join(s.text for s in segs))
        level = self.heading_levels.get(style_id)
        if level is not None:
            return _Block("head", level=level, style=style, plain=plain)
        block = _Block("para", style=style, plain=plain, markdown=self.to_markdown(segs))
        self._list_info(p, style, block)
        return block

    def _list_info(self, p: Any, style: str, block: _Block) -> None:
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
                depth += int(lvl or 0) if (lvl or "0").isdigit() else 0
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

    def table(self, tbl: Any) -> _Block:
        rows: list[list[list[str]]] = []
        md_rows: list[list[str]] = []
        for n, tr in enumerate(tbl.iterchildren(_W_TR)):
            cells: list[list[str]] = []
            md_cells: list[str] = []
            for tc in tr.iterchildren(_W_TC):
                paragraphs = [self.segments(p) for p in tc.iter(_W_P)]
                if n == 0:  # a Markdown header row is bold already
                    paragraphs = [[_Seg(s.text, False, s.italic, s.href, s.code) for s in segs]
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
        return _Block("table", markdown="\n".join(lines), cells=rows)


def _fields_from_table(block: _Block) -> dict[str, list[str]] | None:
    """The fields of an exported point's two-column table, or None for any other table."""
    if not block.cells or any(len(row) != 2 for row in block.cells):
        return None
    fields: dict[str, list[str]] = {}
    for label_cell, value_cell in block.cells:
        key = _label_key(" ".join(label_cell))
        if key is None:
            return None
        fields[key] = [v for v in value_cell if v]
    return fields


def _trivial_block(block: _Block) -> bool:
    return block.kind == "table" or not block.plain.strip() or \
        block.plain.strip().casefold() in _NO_POINTS


def _join_markdown(blocks: list[_Block], point_level: int) -> str:
    out: list[str] = []
    previous = ""
    for block in blocks:
        if block.kind == "head":
            text = md_escape(block.plain.strip())
            if not text:
                continue
            chunk = "#" * max(1, min(6, block.level - point_level)) + " " + text
        elif block.kind == "table":
            chunk = block.markdown
        else:
            if not block.markdown:
                continue
            indent = "    " * max(0, block.depth - 1)
            if block.list_kind == "bullet":
                chunk = f"{indent}- {block.markdown}"
            elif block.list_kind == "number":
                chunk = f"{indent}1. {block.markdown}"
            elif block.list_kind == "continue":
                chunk = "    " * max(1, block.depth) + block.markdown.replace("\n", "\n    ")
            elif block.list_kind == "quote":
                chunk = "> " + block.markdown.replace("\n", "\n> ")
            else:
                chunk = block.markdown
        if not chunk:
            continue
        is_item = block.kind == "para" and block.list_kind in ("bullet", "number")
        # Items of one list follow each other; a top-level item of the other kind starts
        # a new list, which Markdown only sees after a blank line.
        same_list = is_item and previous.startswith("item") and not (
            block.depth <= 1 and previous != f"item-{block.list_kind}")
        if out:
            out.append("\n" if same_list else "\n\n")
        out.append(chunk)
        previous = f"item-{block.list_kind}" if is_item and block.depth <= 1 else (
            previous if is_item else block.kind)
    return "".join(out)


def _open_docx(path: Path) -> DocxDocument:
    if not path.is_file():
        raise BadFileError(f"{path} does not exist or is not a file.")
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise BadFileError(f"{path.name} cannot be read: {exc.strerror}.") from exc
    if size > MAX_DOCX_BYTES:
        raise BadFileError(
            f"{path.name} is {size / 1024 / 1024:.0f} MB; Word files up to 50 MB can be "
            "imported. Remove or compress its pictures and try again.")
    if head == _OLE_MAGIC:
        raise BadFileError(
            f"{path.name} is protected with a password or is an old Word 97–2003 (.doc) file. "
            "Open it in Word, remove the password or save it as a Word Document (.docx), "
            "and import that file.")
    not_word = BadFileError(
        f"{path.name} is not a Word document (.docx). Save it from Word or LibreOffice as "
        "'Word Document (.docx)', or import a Markdown file instead.")
    if not zipfile.is_zipfile(path):
        raise not_word
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            unpacked = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise BadFileError(f"{path.name} is damaged: it cannot be unpacked.") from exc
    if "[Content_Types].xml" not in names or not any(
            n.startswith("word/") and n.endswith(".xml") for n in names):
        raise not_word
    if unpacked > MAX_UNPACKED_BYTES:
        raise BadFileError(f"{path.name} unpacks to more than 500 MB; it cannot be imported.")
    try:
        return open_template(path)
    except Exception as exc:  # python-docx, zipfile and lxml raise many kinds for damaged files
        raise BadFileError(
            f"{path.name} is damaged or is not a Word document ({type(exc).__name__}). "
            "Open it in Word or LibreOffice, save it again as .docx and retry.") from exc


def import_docx(path: Path) -> ImportResult:
    """Points from a Word document: each heading at the points' level starts one."""
    document = _open_docx(path)
    notes = _Notes()
    reader = _DocxReader(document, notes)
    try:
        blocks = list(reader.blocks())
    except (ValueError, KeyError) as exc:
        raise BadFileError(f"{path.name} is damaged: its text cannot be read.") from exc
    heads: list[_Head] = []
    for i, block in enumerate(blocks):
        if block.kind == "head":
            heads.append(_Head(i, block.level, block.plain))
    for k, head in enumerate(heads):
        end = heads[k + 1].index if k + 1 < len(heads) else len(blocks)
        head.next_level = heads[k + 1].level if k + 1 < len(heads) else 0
        head.trivial = all(_trivial_block(b) for b in blocks[head.index + 1:end])
    level = _point_level(heads)
    if level is None:
        notes.extra.append("no headings found: give each point a Heading 1, 2 or 3 style")
        return ImportResult(points=(), skipped=notes.render())
    raw: list[tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]]] = []
    for k, head in enumerate(heads):
        end = len(blocks)
        for later in heads[k + 1:]:
            if later.level <= level:
                end = later.index
                break
        if head.level != level:
            if head.level < level:
                stop = next((h.index for h in heads[k + 1:]), len(blocks))
                notes.outside += _outside_count(blocks[head.index + 1:stop])
            continue
        raw.append(_docx_point(head, blocks[head.index + 1:end], level, notes))
    _count_preamble(blocks, heads, notes)
    return _finish(raw, notes)


def _docx_point(head: _Head, blocks: list[_Block], level: int, notes: _Notes,
                ) -> tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]]:
    summary = ""
    fields: dict[str, list[str]] = {}
    body: list[_Block] = []
    at_start = True
    for block in blocks:
        if block.kind == "para" and block.style == SUMMARY_STYLE and not summary:
            summary = block.plain.strip()
            continue
        if block.kind == "para" and block.style == DECISION_STYLE:
            continue  # the local decision belongs to the plan, not to a proposal
        if at_start and block.kind == "table":
            found = _fields_from_table(block)
            at_start = False
            if found is not None:
                fields = found
                continue
        if block.kind != "para" or block.plain.strip():
            at_start = False
        body.append(block)
    objective = "\n".join(fields.get("objective", [])).strip()
    actions = tuple(a.strip() for a in fields.get("actions", []) if a.strip())
    tags = tuple(t for t in (x.strip() for x in ",".join(fields.get("tags", [])).split(",")) if t)
    return (_title(head.title, notes), _join_markdown(body, level), summary, objective, actions,
            tags)


_FRONT_STYLES = ("Title", "Subtitle", "TOC Heading", "Table of Contents")


def _outside_count(blocks: list[_Block]) -> int:
    """Paragraphs of text outside the points, leaving out a cover page and the contents."""
    return sum(1 for block in blocks if not (
        _trivial_block(block) or block.style in _FRONT_STYLES or block.style.startswith("TOC")
        or _is_toc_placeholder(block.plain)))


def _count_preamble(blocks: list[_Block], heads: list[_Head], notes: _Notes) -> None:
    notes.outside += _outside_count(blocks[:heads[0].index if heads else len(blocks)])


def _is_toc_placeholder(text: str) -> bool:
    return any(text.strip() == LABELS[lang]["update_toc"] for lang in LABELS)
