"""From what a person says ("replace lines 3-4", "delete this sentence") to the exact change of a
revision's body, with a clear message for every request that does not fit the text."""

from __future__ import annotations

import re
import unicodedata

from stratplan.core.amend.lines import Line, number_lines
from stratplan.core.amend.passages import Change
from stratplan.core.errors import ValidationError
from stratplan.core.messages import Message, plural

CHANGE_KINDS = ("replace", "insert", "delete")
MAX_TEXT = 20_000
MAX_REASON = 5_000
# C0 and C1 controls (newlines and tabs aside) and the invisible bidi embedding, override and
# isolate marks, which can make a passage read differently from what it says. Right-to-left
# letters themselves are text like any other.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_input(value: str, what: Message, limit: int) -> str:
    """NFC text with one kind of newline; refused when it holds a control character or is too long."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    found = _CONTROL.search(text)
    if found:
        raise ValidationError("{what} holds an invisible control character (U+{code}); remove it and try again.",
                              what=what, code=f"{ord(found.group()):04X}")
    if len(text) > limit:
        raise ValidationError("{what} is too long: {length} characters (limit {limit}).",
                              what=what, length=f"{len(text):,}", limit=f"{limit:,}")
    return text


def _outside(line: int, lines: list[Line]) -> ValidationError:
    return ValidationError(plural("Line {line} is outside the text: it has {n} numbered line.",
                                  "Line {line} is outside the text: it has {n} numbered lines.",
                                  len(lines), line=line))


def _line_span(body: str, lines: list[Line], first: int, last: int) -> tuple[int, int]:
    if first < 1 or first > len(lines):
        raise _outside(first, lines)
    if last < first:
        raise ValidationError("The last line ({last}) comes before the first ({first}).", first=first, last=last)
    if last > len(lines):
        raise _outside(last, lines)
    return lines[first - 1].start, lines[last - 1].end


def _whole_lines(body: str, start: int, end: int) -> tuple[int, int]:
    """A deletion of whole lines of the body takes their line break with them (no blank line left)."""
    line_start = body.rfind("\n", 0, start) + 1
    if body[line_start:start].strip(" \t") or (end < len(body) and body[end] != "\n"):
        # Words inside a line: take one space with them, so no double space is left.
        if body[end:end + 1] == " ":
            return start, end + 1
        return (start - 1, end) if start > 0 and body[start - 1] == " " else (start, end)
    if end < len(body):
        return line_start, end + 1
    return (line_start - 1, end) if line_start > 0 else (line_start, end)


def _insertion(body: str, lines: list[Line], after: int, text: str) -> Change:
    """Insert `text` after numbered line `after` (0: before the first line) as a new line of its
    own, or as words following a wrapped line's last word."""
    if after < 0 or after > len(lines):
        raise _outside(after, lines)
    if not lines:
        return Change(len(body), len(body), ("\n" if body else "") + text)
    if after == 0:
        start = body.rfind("\n", 0, lines[0].start) + 1
        return Change(start, start, text + "\n")
    end = lines[after - 1].end
    if end == len(body) or body[end] == "\n":
        return Change(end, end, "\n" + text)
    return Change(end, end, " " + text)


def _passage_span(body: str, passage: str) -> tuple[int, int]:
    count = body.count(passage)
    if count == 0:
        raise ValidationError("The passage '{passage}' is not in this revision's text.", passage=passage[:80])
    if count > 1:
        raise ValidationError(plural("The passage '{passage}' occurs {n} time in the text: give a longer "
                                     "passage or line numbers.",
                                     "The passage '{passage}' occurs {n} times in the text: give a longer "
                                     "passage or line numbers.", count, passage=passage[:80]))
    start = body.index(passage)
    return start, start + len(passage)


def locate(body: str, *, change: str, text: str = "", first: int = 0, last: int = 0,
           passage: str = "") -> Change:
    """The change of `body` asked for: by numbered lines (first-last; for an insertion, after
    line `first`) or by an exact passage (an insertion goes right after it)."""
    if change not in CHANGE_KINDS:
        raise ValidationError("Choose replace, insert or delete, not '{change}'.", change=change)
    if change == "delete" and text:
        raise ValidationError("A deletion takes no new text.")
    if change != "delete" and not text.strip():
        raise ValidationError("Give the new text of the amendment.")
    lines = number_lines(body)
    if passage:
        start, end = _passage_span(body, passage)
        if change == "insert":
            return Change(end, end, text)
    elif change == "insert":
        return _insertion(body, lines, first, text)
    else:
        start, end = _line_span(body, lines, first, last or first)
    if change == "delete":
        start, end = _whole_lines(body, start, end)
        return Change(start, end, "")
    if body[start:end] == text:
        raise ValidationError("The new text is the same as the passage it replaces.")
    return Change(start, end, text)


def describe_lines(body: str, change: Change) -> tuple[int, int]:
    """(first, last) numbered lines a change touches (for an insertion: the line it follows, twice)."""
    lines = number_lines(body)
    touched = [ln.number for ln in lines if ln.start < change.end and change.start < ln.end]
    if touched:
        return touched[0], touched[-1]
    before = [ln.number for ln in lines if ln.end <= change.start]
    at = before[-1] if before else 0
    return at, at
