"""A fast path for the Markdown most bodies are made of, giving exactly Python-Markdown's HTML.

Python-Markdown is two fifths of a large Word export. Most plan bodies use only paragraphs,
"#" headings, tight bulleted and numbered lists nested by four spaces, bold, italics, code and
plain links; for those this module writes the same HTML string Python-Markdown would (a test
compares the two on generated and real bodies). Anything else (quotes, tables, code blocks,
loose lists, entities, underscores, backslashes, images, raw HTML...) returns None and goes
through Python-Markdown as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeAlias

# Characters whose Markdown meaning is not handled here (raw HTML, entities, escapes,
# underscores, images...): their bodies take the slow path.
_UNHANDLED_CHARS = re.compile(r"[<\\_\t]|!\[|\*\*\*|&(?:#|[A-Za-z][A-Za-z0-9]*;)")
# Line starts that open something not handled here: rules, quotes, fences, "#tag", empty
# list items, setext underlines.
_BAD_START = re.compile(r" {0,3}[-*+] *$| {0,3}\d+\. *$| *(?:[-*] *){3,}$| *[-=]+ *$"
                        r"| {1,3}>|>(?! |$)| {0,3}(?:~~~|```)| {0,3}#{1,6}(?:[^# ]|$)")
_ODD_SPACE = re.compile(r"[^\S \n]")
# A no-break or other space where Markdown looks for a space.
_ODD_SPACE_USE = re.compile(r"(?:^|[ \-*+.#])[^\S \n]|[^\S \n](?:$| )", re.MULTILINE)
_LINE_START = frozenset(" -*+#>~`=0123456789")
_SEPARATOR = re.compile(r"\|(?: *:?-+:? *\|)+$")


def _unhandled(text: str) -> bool:
    if _UNHANDLED_CHARS.search(text):
        return True
    if _ODD_SPACE.search(text) and _ODD_SPACE_USE.search(text):
        return True
    # A line ending with a space may be a hard break; only lines that start with a mark can
    # open a block of their own, so the line-start pattern runs on those alone.
    return any(line.endswith(" ") or (line[:1] in _LINE_START and _BAD_START.match(line))
               for line in text.split("\n"))


_ITEM = re.compile(r"( *)(?:([-*+])|(\d+)\.) +(\S.*)$")
_RULE = re.compile(r"(?:[-*] *){3,}$|[-=]+ *$")
_HEADING = re.compile(r"(#{1,6}) +(\S(?:.*\S)?)$")
_CODE = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\[([^\[\]\n]+)\]\(([^()\s\"'*]+)\)")
_STRONG = re.compile(r"\*\*([^*\s](?:[^*\n]*[^*\s])?)\*\*")
_EM = re.compile(r"\*([^*\s](?:[^*\n]*[^*\s])?)\*")
_HOLE = "\x00"  # never in a body: sanitize() removes it
_HOLE_RE = re.compile(f"{_HOLE}(\\d+){_HOLE}")


@dataclass(frozen=True)
class FastList:
    """A tight list: "ul" or "ol", its first number as written, and its items, each the
    inline HTML of its text and the list nested under it, if any."""

    kind: str
    start: str
    items: tuple[tuple[str, FastList | None], ...]


@dataclass(frozen=True)
class FastParagraph:
    html: str  # inline HTML: text with <strong>, <em>, <code> and <a href="...">


@dataclass(frozen=True)
class FastHeading:
    level: int
    html: str


@dataclass(frozen=True)
class FastQuote:
    html: str  # one paragraph of inline HTML


@dataclass(frozen=True)
class FastTable:
    """A pipe table: each column's alignment ("", "left", "center", "right"), the header's
    cells and the body's rows as inline HTML, each row as long as the header."""

    align: tuple[str, ...]
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


FastBlock: TypeAlias = FastParagraph | FastHeading | FastList | FastQuote | FastTable


def fast_blocks(text: str) -> list[FastBlock] | None:
    """The body's blocks, read as Python-Markdown reads them, or None when unsure."""
    if _unhandled(text):
        return None
    out: list[FastBlock] = []
    after = ""  # the kind of list the previous block was, if it was one
    for block in _blocks(text):
        item = _ITEM.match(block[0])
        kind = ("ul" if item.group(2) else "ol") if item else ">" if block[0][0] == ">" else ""
        if kind and kind == after:
            # A blank line inside one list makes it loose (<p> in each item); two quotes
            # with a blank line between are one quote of two paragraphs.
            return None
        read = _block(block)
        if read is None:
            return None
        out.append(read)
        after = kind
    return out


def fast_html(text: str) -> str | None:
    """Python-Markdown's HTML for `text` (already normalised), or None when unsure."""
    blocks = fast_blocks(text)
    return None if blocks is None else "\n".join(_html(b) for b in blocks)


def _html(block: FastBlock) -> str:
    if isinstance(block, FastList):
        opening = (f'<{block.kind} start="{block.start}">'
                   if block.kind == "ol" and block.start != "1" else f"<{block.kind}>")
        parts = [opening]
        for inner, nested in block.items:
            parts.append(f"<li>{inner}{_html(nested)}\n</li>" if nested else f"<li>{inner}</li>")
        parts.append(f"</{block.kind}>")
        return "\n".join(parts)
    if isinstance(block, FastHeading):
        return f"<h{block.level}>{block.html}</h{block.level}>"
    if isinstance(block, FastQuote):
        return f"<blockquote>\n<p>{block.html}</p>\n</blockquote>"
    if isinstance(block, FastTable):
        return table_html(block)
    return f"<p>{block.html}</p>"


def table_html(table: FastTable) -> str:
    """A pipe table as Python-Markdown's tables extension writes it."""
    styles = [f' style="text-align: {a};"' if a else "" for a in table.align]
    out = ["<table>", "<thead>", "<tr>"]
    out += [f"<th{style}>{cell}</th>" for style, cell in zip(styles, table.header, strict=True)]
    out += ["</tr>", "</thead>", "<tbody>"]
    for row in table.rows:
        out.append("<tr>")
        out += [f"<td{style}>{cell}</td>" for style, cell in zip(styles, row, strict=True)]
        out.append("</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _block(lines: list[str]) -> FastBlock | None:
    first = lines[0]
    if first[0] != "|" and any("|" in line for line in lines):
        return None  # pipes may make any block a table in Python-Markdown's reading
    if first.startswith("#"):
        heading = _HEADING.match(first)
        if heading is None or len(lines) > 1 or first.endswith("#"):
            return None
        inner = _inline(heading.group(2))
        return None if inner is None else FastHeading(len(heading.group(1)), inner)
    if _ITEM.match(first):
        return _list(lines)
    if first[0] == "|":
        return _table(lines)
    if first[0] == ">":
        return _quote(lines)
    if first[0] == " " or any(_ITEM.match(line) or line[0] in " #>" for line in lines[1:]):
        return None  # indented text, lazy list lines, headings or quotes inside
    inner = _inline("\n".join(lines).rstrip())
    return None if inner is None else FastParagraph(inner)


def _quote(lines: list[str]) -> FastQuote | None:
    """One quoted paragraph: every line starts with "> " (or is a lone ">", refused)."""
    inner = []
    for line in lines:
        if not line.startswith("> ") or not line[2:].strip():
            return None
        inner.append(line[2:])
    if _unhandled("\n".join(inner)):
        return None  # the quoted lines open something of their own (a rule, a fence...)
    read = _block(inner)
    return FastQuote(read.html) if isinstance(read, FastParagraph) else None


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip()[1:-1].split("|")]


def _table(lines: list[str]) -> FastTable | None:
    """A pipe table with a pipe at both ends of every line, a separator, and a body."""
    if len(lines) < 3 or any(not line.rstrip().endswith("|") or "`" in line or line[0] != "|"
                             for line in lines):
        return None
    separator = lines[1].replace(" ", "")
    if not _SEPARATOR.match(separator):
        return None
    align = tuple(("center" if c.startswith(":") else "right") if c.endswith(":")
                  else "left" if c.startswith(":") else "" for c in separator[1:-1].split("|"))
    header = _cells(lines[0])
    if len(header) != len(align) or not all(header):
        return None
    rows = []
    for line in lines[2:]:
        cells = (_cells(line) + [""] * len(header))[:len(header)]
        rows.append(cells)
    read = [[_inline(cell) if cell else "" for cell in row] for row in [header, *rows]]
    if any(cell is None for row in read for cell in row):
        return None
    head, *body = read
    return FastTable(align, tuple(c or "" for c in head),
                     tuple(tuple(c or "" for c in row) for row in body))


def _list(lines: list[str]) -> FastList | None:
    """A tight list, nested by four spaces a level, one kind of list per level."""
    items: list[tuple[int, str, str, str]] = []  # depth, "ul"/"ol", number as written, text
    for line in lines:
        m = _ITEM.match(line)
        if m is None:
            return None  # a lazy continuation line
        indent = len(m.group(1))
        if indent % 4:
            return None
        depth = indent // 4
        if depth > (items[-1][0] + 1 if items else 0):
            return None
        kind = "ul" if m.group(2) else "ol"
        if m.group(4)[0] in "#>`" or _ITEM.match(m.group(4)) or _RULE.match(m.group(4)):
            return None  # a heading, quote, code or list inside the item
        items.append((depth, kind, m.group(3) or "1", m.group(4).rstrip()))
    read, used = _read_list(items, 0, 0)
    return read if used == len(items) else None


def _read_list(items: list[tuple[int, str, str, str]], start: int,
               depth: int) -> tuple[FastList | None, int]:
    """The list at `depth` starting at items[start], and the index after it."""
    kind, number = items[start][1], items[start][2]
    read: list[tuple[str, FastList | None]] = []
    i = start
    while i < len(items) and items[i][0] >= depth:
        item_depth, item_kind, _, text = items[i]
        if item_depth != depth or item_kind != kind:
            return None, i  # another kind at the same level: sane_lists' rules, not ours
        inner = _inline(text)
        if inner is None:
            return None, i
        i += 1
        nested = None
        if i < len(items) and items[i][0] > depth:
            nested, i = _read_list(items, i, depth + 1)
            if nested is None:
                return None, i
        read.append((inner, nested))
    return FastList(kind, number, tuple(read)), i


def _inline(text: str) -> str | None:
    """Code, links, bold and italics; None when any other mark is left over."""
    holes: list[str] = []
    # HTML's escapes for what Python-Markdown escapes in text, code and addresses alike.
    text = text.replace("&", "&amp;").replace(">", "&gt;")

    def hole(html: str) -> str:
        holes.append(html)
        return f"{_HOLE}{len(holes) - 1}{_HOLE}"

    if "`" in text:
        text = _CODE.sub(lambda m: hole(f"<code>{m.group(1)}</code>"), text)

    def link(m: re.Match[str]) -> str:
        inner = _emphasis(m.group(1))
        return hole(f'<a href="{m.group(2)}">{inner}</a>') if inner is not None else m.group(0)

    if "[" in text:
        text = _LINK.sub(link, text)
    done = _emphasis(text) if "*" in text else text
    if done is None or "[" in done or "]" in done or "`" in done:
        return None
    while _HOLE in done:
        done = _HOLE_RE.sub(lambda m: holes[int(m.group(1))], done)
    return done


def _emphasis(text: str) -> str | None:
    text = _STRONG.sub(r"<strong>\1</strong>", text)
    text = _EM.sub(r"<em>\1</em>", text)
    return None if "*" in text else text
