"""CSV that is safe to open in a spreadsheet, and that reads back exactly what was written.

A cell starting with `= + - @` (or a tab or carriage return) is taken by Excel, LibreOffice
and Google Sheets as a formula: a proposal titled `=HYPERLINK("http://…","Open")` would be a
live link in a results sheet. Every CSV StratPlan writes goes through `writer()`, which puts
a single quote in front of such a cell (spreadsheets show the text, not a formula), and every
CSV it reads goes through `rows()`, which takes that quote away again, so values round-trip.

Plain numbers (`-1`, `+2.5`) are left alone: they cannot be formulas and stay numbers in a
spreadsheet. A value that itself starts with a quote followed by a dangerous character gets
one more quote, so reading never removes a quote the user typed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from stratplan.core.errors import ValidationError
from stratplan.core.messages import Message, listing, plural

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:/\d+)?")


def _needs_guard(text: str) -> bool:
    if text.startswith(GUARD):
        return _needs_guard(text[1:])
    return text.startswith(DANGEROUS) and _PLAIN_NUMBER.fullmatch(text) is None


def neutralise(value: object) -> str:
    """The cell as written: a quote in front when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return GUARD + text if _needs_guard(text) else text


def restore(cell: str) -> str:
    """The value a neutralised cell stands for (any other cell is returned as it is)."""
    if cell.startswith(GUARD) and _needs_guard(cell[1:]):
        return cell[1:]
    return cell


class SafeWriter:
    """`csv.writer` whose every cell is neutralised."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)
        # csv.writer quotes a lone carriage return only when it is part of the line
        # terminator; a row holding one is written fully quoted, so it reads back intact.
        self._quoted = csv.writer(out, **{**options, "quoting": csv.QUOTE_ALL})

    def writerow(self, row: Iterable[object]) -> None:
        cells = [neutralise(v) for v in row]
        (self._quoted if any("\r" in c for c in cells) else self._writer).writerow(cells)

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: IO[str], **options: Any) -> SafeWriter:
    """A CSV writer for files people open in spreadsheets (options as for `csv.writer`)."""
    options.setdefault("lineterminator", "\n")
    return SafeWriter(out, **options)


def restore_row(cells: Iterable[str]) -> list[str]:
    """One row as read by `csv.reader`, with neutralised cells restored."""
    return [restore(c) for c in cells]


def rows(reader: Iterable[list[str]]) -> Iterator[list[str]]:
    """The rows of a `csv.reader` with neutralised cells restored."""
    for row in reader:
        yield restore_row(row)


# Problems named one by one when an import is refused; the rest are counted.
MAX_LISTED = 10


def refuse(problems: list[Message]) -> None:
    """Refuse a whole import when any line has a problem, naming the first ten and counting the rest."""
    if not problems:
        return
    listed = listing(problems[:MAX_LISTED])
    if len(problems) > MAX_LISTED:
        raise ValidationError(plural("Nothing was imported. {problems}; and {n} more.",
                                     "Nothing was imported. {problems}; and {n} more.",
                                     len(problems) - MAX_LISTED, problems=listed))
    raise ValidationError("Nothing was imported. {problems}.", problems=listed)
