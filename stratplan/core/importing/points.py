"""What every importer returns, and the rules they share: limits, the points' level, notes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from stratplan.core.errors import BadFileError
from stratplan.core.export.document import LABELS
from stratplan.core.fields import TEXT_LIMITS, clean_text
from stratplan.core.messages import Message, msg, plural

MAX_POINTS = 5_000
MAX_BODY_CHARS = TEXT_LIMITS["body"]
MAX_TITLE_CHARS = TEXT_LIMITS["title"]


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
    skipped: tuple[Message, ...]


# title, body, summary, objective, actions, tags: one point as an importer finds it.
RawPoint: TypeAlias = tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]]

# Field labels in every language, so that a file exported in French imports anywhere.
_FIELD_KEYS = ("summary", "objective", "actions", "indicators", "responsible", "timeline",
               "resources", "level", "tags", "decision")
_LABEL_KEY: dict[str, str] = {
    LABELS[lang][key].casefold(): key for lang in LABELS for key in _FIELD_KEYS
}
NO_POINTS = {LABELS[lang]["no_points"].casefold() for lang in LABELS}
_NUMBERED_TITLE = re.compile(r"^(?:\d+(?:\.\d+)+\.?|\d+\.)\s+(?=\S)")
_UNESCAPE = re.compile(r"\\([\\`*_\[\]#|])")


def label_key(label: str) -> str | None:
    return _LABEL_KEY.get(label.strip().casefold())


def unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text)


@dataclass
class Head:
    index: int  # line number (Markdown) or block number (Word)
    level: int
    title: str
    trivial: bool = True  # nothing but blank lines, tables or "No points" under it
    next_level: int = 0  # level of the following heading, 0 for none


def point_level(heads: Sequence[Head]) -> int | None:
    """The heading level whose headings are the points.

    The shallowest level used more than once (or, when no level repeats, level 2 if present),
    then one level deeper as long as that level only groups the next one, as the sections
    of an exported plan do (its headings with deeper ones under them hold nothing else).
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
        # Only the headings with deeper ones under them decide: an annex after the points
        # (its rules and turnout above its table) is text at the sections' level too.
        grouping = [h for h in at_level if h.next_level > level]
        groups_only = bool(grouping) and all(h.trivial for h in grouping)
        if not groups_only:
            break
        level = deeper_level
    return level


def clean_title(raw: str, notes: Notes) -> str:
    title = clean_text(raw, single_line=True)
    if len(title) > MAX_TITLE_CHARS:
        notes.shortened += 1
        title = title[: MAX_TITLE_CHARS - 1].rstrip() + "…"
    return title


@dataclass
class Notes:
    images: int = 0
    inserted: int = 0
    deleted: int = 0
    comments: int = 0
    footnotes: int = 0
    outside: int = 0
    shortened: int = 0
    untitled: int = 0
    extra: list[Message] = field(default_factory=list)

    def render(self) -> tuple[Message, ...]:
        """What the import left out or changed, as messages in the reader's language."""
        out: list[Message] = []
        if self.images:
            out.append(plural("{n} image skipped", "{n} images skipped", self.images))
        if self.inserted or self.deleted:
            out.append(msg("tracked changes: the inserted text was kept, deleted text dropped"))
        if self.comments:
            out.append(plural("{n} comment ignored", "{n} comments ignored", self.comments))
        if self.footnotes:
            out.append(plural("{n} footnote skipped", "{n} footnotes skipped", self.footnotes))
        if self.outside:
            out.append(plural("{n} paragraph outside the points (introductions, chapter text) not imported",
                              "{n} paragraphs outside the points (introductions, chapter text) not imported",
                              self.outside))
        if self.shortened:
            out.append(plural("{n} title shortened to {limit} characters",
                              "{n} titles shortened to {limit} characters", self.shortened,
                              limit=MAX_TITLE_CHARS))
        if self.untitled:
            out.append(plural("{n} heading without text given a numbered title",
                              "{n} headings without text given a numbered title", self.untitled))
        return (*out, *self.extra)


def finish(raw_points: list[RawPoint],
            notes: Notes) -> ImportResult:
    """Checks limits, strips "1.2 " numbering when every title has it, and builds the result."""
    if len(raw_points) > MAX_POINTS:
        raise BadFileError(
            "The file has {n:,} points; at most {max_points:,} can be imported at once. Split "
            "the file and import the parts one by one.",
            n=len(raw_points), max_points=MAX_POINTS)
    numbered = bool(raw_points) and all(_NUMBERED_TITLE.match(p[0]) for p in raw_points)
    points: list[ImportedPoint] = []
    for n, (title, body, summary, objective, actions, tags) in enumerate(raw_points, start=1):
        if numbered:
            title = _NUMBERED_TITLE.sub("", title, count=1)
        # Our own local-plan export marks an organisation's own points with a star.
        title = title.removesuffix(" ★").rstrip()
        if not title:
            notes.untitled += 1
            title = f"Point {n}"
        body = body.strip("\n")
        if len(body) > MAX_BODY_CHARS:
            raise BadFileError(
                "The text of '{title}' is {n:,} characters long; one point can hold "
                "{max_body_chars:,}. Split it with more headings and import again.",
                title=title[:60], n=len(body), max_body_chars=MAX_BODY_CHARS)
        points.append(ImportedPoint(title=title, body=body, summary=summary,
                                    objective=objective, actions=actions, tags=tags))
    return ImportResult(points=tuple(points), skipped=notes.render())
