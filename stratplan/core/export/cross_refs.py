"""Cross-references: "see 2.3" in a point's text becomes a link to point 2.3's bookmark.

Authors write references by hand ("see 2.3", "žr. 2.3", "voir les points 1.2 et 1.4"). Only
numbers of points the document really holds become links, so a date or an amount ("2.5 %",
"see 2026.1") stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stratplan.core.export.document import labels

# Joins between numbers in one reference: "1.2, 1.3 and 1.4", "1.2 ir 1.3", "1.2 et 1.3".
_JOINS = r"(?:\s*,\s*|\s*[-–]\s*|\s+(?:and|or|ir|arba|et|ou|y|o|e)\s+)"
_NUMBER = r"\d+(?:\.\d+)+"
_BOOKMARK_CHARS = re.compile(r"[^A-Za-z0-9_]")
_HAS_NUMBER = re.compile(r"\d\.\d")


def point_bookmark(number: str) -> str:
    """The bookmark name of a numbered point's heading: "2.3" -> "Point_2_3"."""
    return _BOOKMARK_CHARS.sub("_", f"Point_{number}")[:36]


@dataclass
class References:
    """The points a document holds, and the words that introduce a reference to one."""

    targets: dict[str, str]  # printed number -> bookmark name
    language: str
    _pattern: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        words = {w for lang in {self.language, "en"} for w in labels(lang)["see_words"].split("|")}
        keywords = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
        # A keyword, perhaps an article ("les points", "los puntos"), then numbers and joins.
        self._pattern = re.compile(
            rf"(?<!\w)(?:{keywords})(?:\s+(?:les|los|las|the))?\s+"
            rf"((?:{_NUMBER})(?:{_JOINS}{_NUMBER})*)(?![\d.]*\d)", re.IGNORECASE)
        self._number = re.compile(_NUMBER)

    def split(self, text: str) -> list[tuple[str, str]]:
        """The text in pieces, each with the bookmark it links to ("" for plain text)."""
        # Most text holds no "2.3" at all: a plain search rules it out before the full one.
        if not self.targets or _HAS_NUMBER.search(text) is None:
            return [(text, "")]
        first = self._pattern.search(text)
        if first is None:
            return [(text, "")]
        pieces: list[tuple[str, str]] = []
        done = 0
        for match in self._pattern.finditer(text, first.start()):
            start = match.start(1)
            for number in self._number.finditer(match.group(1)):
                anchor = self.targets.get(number.group(0))
                if not anchor:
                    continue
                begin, end = start + number.start(), start + number.end()
                if begin > done:
                    pieces.append((text[done:begin], ""))
                pieces.append((text[begin:end], anchor))
                done = end
        if done < len(text):
            pieces.append((text[done:], ""))
        return pieces or [(text, "")]


def references_for(numbers: list[str], language: str) -> References:
    """References to the given point numbers; a number printed twice links nowhere."""
    seen: dict[str, int] = {}
    for number in numbers:
        seen[number] = seen.get(number, 0) + 1
    return References({n: point_bookmark(n) for n, count in seen.items() if n and count == 1},
                      language)
