"""Line numbers of a proposal revision's text, the same on every laptop.

The body (Markdown, NFC) is cut at its newlines, and each of its lines is wrapped at spaces
so that no numbered line is longer than `WIDTH` characters (code points), unless one word is
longer than that: a word is never cut, so an emoji sequence or a combining accent is never split
either. Lines holding only spaces are not numbered ("line 14" always points at text). The
rule uses nothing that depends on the laptop (fonts, locale, Unicode tables), so the numbers
of a revision never change: a new revision has its own.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 80


@dataclass(frozen=True)
class Line:
    """One numbered line: its number (from 1) and where it lies in the body ([start, end))."""

    number: int
    start: int
    end: int
    text: str


def _wrap(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the wrapped parts of body[start:end] (one source line, not blank)."""
    words: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        while pos < end and body[pos] == " ":
            pos += 1
        if pos >= end:
            break
        word_start = pos
        while pos < end and body[pos] != " ":
            pos += 1
        words.append((word_start, pos))
    spans: list[tuple[int, int]] = []
    line_start, line_end = start, words[0][1]  # leading spaces (indentation) stay on the line
    for word_start, word_end in words[1:]:
        if word_end - line_start <= WIDTH:
            line_end = word_end
        else:
            spans.append((line_start, line_end))
            line_start, line_end = word_start, word_end
    spans.append((line_start, line_end))
    return spans


def number_lines(body: str) -> list[Line]:
    """The numbered lines of `body`, in order."""
    out: list[Line] = []
    offset = 0
    for source in body.split("\n"):
        end = offset + len(source)
        if source.strip(" \t"):
            for start, stop in _wrap(body, offset, end):
                out.append(Line(len(out) + 1, start, stop, body[start:stop]))
        offset = end + 1
    return out


def line_of(lines: list[Line], position: int) -> int:
    """The number of the line holding (or ending just before) `position`; 0 before the first."""
    found = 0
    for line in lines:
        if line.start <= position:
            found = line.number
        else:
            break
    return found
