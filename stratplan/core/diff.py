"""Word-level differences between two texts, for side-by-side revision views."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Segment:
    """A run of text: 'equal', 'delete' (only on the left), 'insert' (only on the right)."""

    kind: str
    text: str


def tokens(text: str) -> list[str]:
    """Words, whitespace runs and single punctuation marks, in order."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """Left and right segment lists; joining each side's text gives back old and new."""
    a, b = tokens(old), tokens(new)
    left: list[Segment] = []
    right: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            text = "".join(a[i1:i2])
            left.append(Segment("equal", text))
            right.append(Segment("equal", text))
            continue
        if i2 > i1:
            left.append(Segment("delete", "".join(a[i1:i2])))
        if j2 > j1:
            right.append(Segment("insert", "".join(b[j1:j2])))
    return left, right
