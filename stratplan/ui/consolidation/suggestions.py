"""What the consolidation window shows of its suggestions: the found rows, the choice kept
across a refresh, and shared passages marked in HTML."""

from __future__ import annotations

import html
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from stratplan.core.fields import Fields
from stratplan.core.services.overlap_review import RelatedLink, ReviewedPair
from stratplan.core.services.overlap_service import Suggestion

MARK = "background-color:#ffe58f;"


def highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` as HTML with the given character spans marked."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(html.escape(text[last:start]))
        out.append(f'<span style="{MARK}">{html.escape(text[start:end])}</span>')
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out).replace("\n", "<br/>")


@dataclass(frozen=True)
class Found:
    """Suggestions and the point to show first (its fields read in the same transaction)."""

    suggestions: tuple[Suggestion, ...]
    selected: int                 # row of the suggestion to show; -1 when there is none
    target: str                   # the surviving point shown in the editor ("" for none)
    target_fields: Fields | None
    related: tuple[RelatedLink, ...] = ()   # the points linked to the target as related


@dataclass(frozen=True)
class Reviews:
    """What a review changed, read in its transaction: the pairs reviewed and the suggestions left."""

    pairs: tuple[ReviewedPair, ...]
    found: Found


def key_of(suggestion: Suggestion) -> tuple[str, ...]:
    return tuple(suggestion.group.ids)


def choose(suggestions: Sequence[Suggestion], *, selected: Hashable, target: str) -> tuple[int, str]:
    """Keep the user's suggestion and target if they are still there, else the first of each."""
    keys = [key_of(x) for x in suggestions]
    row = keys.index(selected) if selected in keys else (0 if suggestions else -1)
    if row < 0:
        return -1, ""
    ids = suggestions[row].group.ids
    return row, target if target in ids else ids[0]


