"""Markdown read line by line, shared by export, import and preview: code fences, lists, headings."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Literal, TypeAlias

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_MARKER = r"(?:[-*+]|\d+[.)])"
# Any list item, at any indent, even an empty one ("-" alone on its line).
_ITEM = re.compile(rf"^( *)(?={_LIST_MARKER}(?: |$))")
# A nested list item: indented by one to seven spaces, text after the marker.
_NESTED_ITEM = re.compile(rf"^( {{1,7}})(?={_LIST_MARKER} )", re.MULTILINE)
_ATX = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
# Markdown would read these as formatting in a title or a field; a backslash keeps them text.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|])")


# What a line is, as far as fenced code goes: "fence" looks like a fence marker (it opens,
# closes, or sits inside code), "code" is inside a fenced block. Strings, not an Enum: this
# runs on every line of every body exported, and Enum lookups made it 40% slower (3.11).
LineKind: TypeAlias = Literal["text", "fence", "code"]


def fenced(lines: Iterable[str]) -> Iterator[tuple[str, LineKind]]:
    """Each line with its kind: a fence closes only on the opening character, at least as long."""
    fence = ""
    match = _FENCE.match
    for line in lines:
        m = match(line)
        if m:
            marker = m.group(1)
            if not fence:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = ""
            yield line, "fence"
        else:
            yield line, "code" if fence else "text"


def md_escape(text: str) -> str:
    """Text with Markdown's formatting characters backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def shift_headings(body: str, shift: int) -> str:
    """Move the body's ATX headings `shift` levels down (up if negative), within 1..6.

    Fenced code is left alone: a "#" there is a comment, not a heading.
    """
    out: list[str] = []
    for line, kind in fenced(body.split("\n")):
        if kind == "text":
            h = _ATX.match(line)
            if h:
                level = max(1, min(6, len(h.group(2)) + shift))
                line = h.group(1) + "#" * level + line[h.end():]
        out.append(line)
    return "\n".join(out)


def normalise_list_indent(text: str) -> str:
    """Indent nested list items by multiples of four spaces.

    People (and most editors) nest lists with two or three spaces, as CommonMark allows;
    Python-Markdown needs four, or the sub-items run into their parent's text.
    """
    return _NESTED_ITEM.sub(lambda m: " " * (4 * -(-len(m.group(1)) // 4)), text)


def normalise_nested_lists(text: str) -> str:
    """Re-indent list items to four spaces per level, reading the levels from the indents.

    normalise_list_indent rounds each indent on its own, so with two-space nesting the third
    level (four spaces) lands on the second; here each item is compared with the open
    items above it. Fenced code is left untouched.
    """
    out: list[str] = []
    levels: list[int] = []  # the source indent of the open item at each depth
    for line, kind in fenced(text.split("\n")):
        if kind != "text":
            if kind == "fence" and not line[:1].isspace():
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
