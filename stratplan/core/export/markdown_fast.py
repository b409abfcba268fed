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

# Characters whose Markdown meaning is not handled here: their bodies take the slow path.
_UNHANDLED_CHARS = re.compile(r"[&<>\\_|\t]|!\[|\*\*\*")
# Line starts that open something not handled here: rules, quotes, fences, "#tag", empty
# list items, setext underlines.
_BAD_START = re.compile(r" {0,3}[-*+] *$| {0,3}\d+\. *$| *(?:[-*] *){3,}$| *[-=]+ *$"
                        r"| {0,3}(?:>|~~~|```)| {0,3}#{1,6}(?:[^# ]|$)")
_ODD_SPACE = re.compile(r"[^\S \n]")
# A no-break or other space where Markdown looks for a space.
_ODD_SPACE_USE = re.compile(r"(?:^|[ \-*+.#])[^\S \n]|[^\S \n](?:$| )", re.MULTILINE)
_LINE_START = frozenset(" -*+#>~`=0123456789")


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


FastBlock: TypeAlias = FastParagraph | FastHeading | FastList


def fast_blocks(text: str) -> list[FastBlock] | None:
    """The body's blocks, read as Python-Markdown reads them, or None when unsure."""
    if _unhandled(text):
        return None
    out: list[FastBlock] = []
    after = ""  # the kind of list the previous block was, if it was one
    for block in _blocks(text):
        item = _ITEM.match(block[0])
        kind = ("ul" if item.group(2) else "ol") if item else ""
        if kind and kind == after:
            return None  # a blank line inside one list makes it loose: <p> in each item
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
    return f"<p>{block.html}</p>"


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
    if first.startswith("#"):
        heading = _HEADING.match(first)
        if heading is None or len(lines) > 1 or first.endswith("#"):
            return None
        inner = _inline(heading.group(2))
        return None if inner is None else FastHeading(len(heading.group(1)), inner)
    if _ITEM.match(first):
        return _list(lines)
    if first[0] == " " or any(_ITEM.match(line) or line[0] in " #" for line in lines[1:]):
        return None  # indented text, lazy list lines, headings inside: Python-Markdown's call
    inner = _inline("\n".join(lines).rstrip())
    return None if inner is None else FastParagraph(inner)


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
