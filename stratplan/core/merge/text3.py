"""Three-way merge of texts by paragraph or line that keeps every side's version of a conflict."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Unit = Literal["paragraph", "line"]
Prefer = Literal["ours", "theirs"]

# Appended to every input before splitting and removed from the result. With it every unit,
# the last one included, ends in a newline, so adding a line or paragraph at the end is a
# pure insertion rather than an edit of the last unit, which would touch a neighbour's change
# and turn an innocent append into a conflict.
_SENTINEL = "\n"


@dataclass(frozen=True)
class Conflict:
    """Heads changed the same or neighbouring units of the base in different ways.

    `index` is the region's first unit in split_units(base, unit) (0-based); `base` and every
    candidate are exact slices of the base and of each head that changed the region, in head
    order without duplicates; `chosen` says which candidate the merged text shows.
    """

    index: int
    base: str
    candidates: tuple[str, ...]
    chosen: int


@dataclass(frozen=True)
class TextMerge:
    """The merged text (conflicts shown with their chosen candidate) and the conflicts."""

    text: str
    conflicts: tuple[Conflict, ...]

    @property
    def clean(self) -> bool:
        """True when every change could be applied without a choice."""
        return not self.conflicts


@dataclass(frozen=True)
class _Change:
    """One head's change: base units [i1, i2) became the head's units [j1, j2)."""

    head: int
    i1: int
    i2: int
    j1: int
    j2: int


def _lines(text: str) -> list[str]:
    # Only "\n" ends a line: splitlines() would also cut at U+2028, form feeds and lone "\r",
    # which the editor shows inside a line. "\r\n" stays whole inside its unit, so a merge
    # never adds or drops a carriage return.
    parts = text.split("\n")
    out = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _is_blank(line: str) -> bool:
    # Markdown's notion of a blank line: nothing but spaces and tabs. A no-break space is text.
    return not line.strip(" \t\r\n")


def split_units(text: str, unit: Unit) -> list[str]:
    """Lines with their endings, or alternating runs of text lines and of blank lines.

    In "paragraph" mode a paragraph and the blank lines that separate it from the next are
    separate units, so that a changed gap between paragraphs, or a paragraph added at the
    end, is not mistaken for an edit of the paragraph beside it. Joining the result always
    gives back `text` exactly.
    """
    _check_unit(unit)
    lines = _lines(text)
    if unit == "line":
        return lines
    units: list[str] = []
    for line in lines:
        if units and _is_blank(line) == _is_blank(units[-1]):
            units[-1] += line
        else:
            units.append(line)
    return units


def _check_unit(unit: str) -> None:
    if unit not in ("paragraph", "line"):
        raise ValueError(f"Unknown merge unit {unit!r}; use 'paragraph' or 'line'.")


def _keys(units: list[str], unit: Unit) -> list[tuple[str, str]]:
    """What the diff compares: each unit, and for a blank run also the paragraph before it.

    Thousands of identical blank runs would make the matcher quadratic on a long body and
    let it pair separators that have nothing to do with each other; tied to their paragraph
    they are almost unique, and a separator counts as changed with the paragraph it ends.
    """
    keys: list[tuple[str, str]] = []
    before = ""
    for text in units:
        blank = unit == "paragraph" and _is_blank(text)
        keys.append((text, before if blank else ""))
        if not blank:
            before = text
    return keys


def _changes(base: list[tuple[str, str]], side: list[tuple[str, str]], head: int) -> list[_Change]:
    matcher = difflib.SequenceMatcher(a=base, b=side, autojunk=False)
    return [
        _Change(head, i1, i2, j1, j2)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _clusters(changes: list[_Change], glue: list[bool]) -> list[tuple[list[_Change], int, int]]:
    """Group changes whose base regions overlap or touch; each group with its [lo, hi).

    Regions touch when they are adjacent, insert at the same place, or are separated only by
    `glue` units (the blank lines between two paragraphs).
    """
    groups: list[tuple[list[_Change], int, int]] = []
    for change in sorted(changes, key=lambda c: (c.i1, c.i2, c.head)):
        # Touching changes are decided together, not applied side by side: two edits of
        # neighbouring paragraphs usually belong together, and splicing them would make a
        # text that no one wrote or read.
        if groups and (change.i1 <= groups[-1][2] or all(glue[groups[-1][2] : change.i1])):
            members, lo, hi = groups[-1]
            members.append(change)
            groups[-1] = (members, lo, max(hi, change.i2))
        else:
            groups.append(([change], change.i1, change.i2))
    return groups


def _version(
    base: list[str], side: list[str], changes: list[_Change], lo: int, hi: int
) -> list[str]:
    """One head's units for base region [lo, hi): a contiguous slice of that head."""
    out: list[str] = []
    pos = lo
    for change in changes:
        out.extend(base[pos : change.i1])
        out.extend(side[change.j1 : change.j2])
        pos = change.i2
    out.extend(base[pos:hi])
    return out


def _merge(base: str, heads: Sequence[str], unit: Unit, rank: Sequence[int]) -> TextMerge:
    """Merge heads against base; in a conflict the changing head with the highest rank shows."""
    _check_unit(unit)
    base_units = split_units(base + _SENTINEL, unit)
    sides = [split_units(head + _SENTINEL, unit) for head in heads]
    base_keys = _keys(base_units, unit)
    changes = [c for k, side in enumerate(sides) for c in _changes(base_keys, _keys(side, unit), k)]
    out: list[str] = []
    conflicts: list[Conflict] = []
    pos = 0
    glue = [unit == "paragraph" and _is_blank(u) for u in base_units]
    for members, lo, hi in _clusters(changes, glue):
        changers = sorted({c.head for c in members})
        versions = {
            k: _version(base_units, sides[k], [c for c in members if c.head == k], lo, hi)
            for k in changers
        }
        raw = {k: "".join(v) for k, v in versions.items()}
        if len(set(raw.values())) == 1:
            # One head changed the region, or all that did wrote the same thing.
            out.extend(base_units[pos:lo])
            out.extend(versions[changers[0]])
            pos = hi
            continue
        at_end = hi == len(base_units)
        if at_end and lo > 0 and "" in raw.values():
            # Without its sentinel, a head that deleted the tail and one that kept only a final
            # newline would show the same empty candidate; taking in the previous unit, which
            # no head changed, keeps the candidates distinct.
            lo -= 1
            raw = {k: base_units[lo] + v for k, v in raw.items()}
        out.extend(base_units[pos:lo])
        winner = max(changers, key=lambda k: rank[k])
        candidates: list[str] = []
        for k in changers:
            if raw[k] not in candidates:
                candidates.append(raw[k])
        chosen = candidates.index(raw[winner])
        region_base = "".join(base_units[lo:hi])
        if at_end:
            candidates = [c.removesuffix(_SENTINEL) for c in candidates]
            region_base = region_base.removesuffix(_SENTINEL)
        conflicts.append(Conflict(lo, region_base, tuple(candidates), chosen))
        out.append(raw[winner])
        pos = hi
    out.extend(base_units[pos:])
    merged = "".join(out)
    # Every merged text ends with the sentinel of the head (or base) its last unit came from.
    return TextMerge(merged.removesuffix(_SENTINEL), tuple(conflicts))


def merge_text(
    base: str, ours: str, theirs: str, *, unit: Unit, prefer: Prefer = "theirs"
) -> TextMerge:
    """Three-way merge; conflicts keep both versions and show the `prefer` side's one.

    The caller passes as `prefer` the side that is later by (clock, id), so that every
    machine shows the same text. Candidates are always in the order (ours, theirs).
    """
    if prefer not in ("ours", "theirs"):
        raise ValueError(f"prefer must be 'ours' or 'theirs', not {prefer!r}.")
    rank = (1, 0) if prefer == "ours" else (0, 1)
    return _merge(base, (ours, theirs), unit, rank)


def merge_many(base: str, heads: Sequence[str], *, unit: Unit) -> TextMerge:
    """Merge any number of heads, ordered oldest to newest by (clock, id), in one pass.

    With two heads this equals merge_text(base, heads[0], heads[1], prefer="theirs").
    All heads are diffed against the base together rather than folded pairwise, so each
    candidate is a head's own text and never a previous fold's automatic choice; a conflict
    shows the newest head that changed the region.
    """
    if not heads:
        raise ValueError("merge_many needs at least one head.")
    return _merge(base, heads, unit, range(len(heads)))
