"""Changes to passages of a text: where a change lies, whether two compete, applying them, and
carrying a change made on one revision's text over to a later one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from stratplan.core.diff import tokens


@dataclass(frozen=True)
class Change:
    """Replace body[start:end] with `text` (start == end: an insertion; empty text: a deletion)."""

    start: int
    end: int
    text: str


def competes(a: Change, b: Change) -> bool:
    """Do two changes touch the same passage (overlap, or an insertion at or inside the other)?"""
    if a.start == a.end or b.start == b.end:
        return a.start <= b.end and b.start <= a.end
    return a.start < b.end and b.start < a.end


def apply_changes(body: str, changes: Iterable[Change]) -> str:
    """`body` with every change applied; the changes must not compete."""
    out = body
    # From the end backwards, so each change's offsets still hold when it is applied.
    for change in sorted(changes, key=lambda c: (c.start, c.end), reverse=True):
        out = out[:change.start] + change.text + out[change.end:]
    return out


def clusters(changes: Sequence[Change]) -> list[list[int]]:
    """Indexes of `changes` grouped by competition (connected groups), in order of position."""
    parent = list(range(len(changes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(changes)):
        for j in range(i + 1, len(changes)):
            if competes(changes[i], changes[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(changes)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: min((changes[i].start, changes[i].end, i) for i in g))


def _equal_blocks(old: str, new: str) -> list[tuple[int, int, int]]:
    """(start in old, end in old, start in new) of the runs both texts share, word by word."""
    a, b = tokens(old), tokens(new)
    # Offsets of each token: the tokens cover the text exactly.
    a_at, b_at = [0], [0]
    for t in a:
        a_at.append(a_at[-1] + len(t))
    for t in b:
        b_at.append(b_at[-1] + len(t))
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [(a_at[i], a_at[i + n], b_at[j]) for i, j, n in matcher.get_matching_blocks() if n]


def carry(old: str, new: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the passage old[start:end] lies in `new`, when the later text left it unchanged;
    None when it is outdated. An insertion is carried only when the whole line it goes into is
    unchanged: the words around its place are what it was written for."""
    if old == new:
        return start, end
    low, high = start, end
    if start == end:
        low = old.rfind("\n", 0, start) + 1
        high = old.find("\n", start)
        high = len(old) if high < 0 else high
    for a_start, a_end, b_start in _equal_blocks(old, new):
        if a_start <= low and high <= a_end:
            return b_start + start - a_start, b_start + end - a_start
    return None
