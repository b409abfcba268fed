"""Import the needs assessment's results: every member's needs and offers from one CSV file."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from stratplan.core import csv_safe
from stratplan.core.errors import BadFileError
from stratplan.core.messages import Message, msg, plural
from stratplan.core.peer.catalogue import AREA_NAMES, FORMATS, CapacityArea
from stratplan.core.peer.matching import Need, Offer

# The same ceiling as ballot files: a coalition's assessment is a few hundred rows, so a bigger
# file is the wrong file, and refusing it early spares decoding a spreadsheet export of megabytes.
MAX_BYTES = 5_000_000
COLUMNS = ("organisation", "kind", "area", "priority", "name", "description", "languages",
           "formats")
KINDS = ("need", "offer")
# 1 is the most urgent, as in "priority 1": the numbers follow high, medium, low in that order.
PRIORITY_WORDS = {"high": "high", "medium": "medium", "low": "low",
                  "1": "high", "2": "medium", "3": "low"}
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_LANGUAGE_SPLIT = re.compile(r"[\s;,]+")
_FORMAT_SPLIT = re.compile(r"[;,]")

TEMPLATE_ROWS = (
    ("ABC", "need", "legal-advocacy", "high", "",
     "Train our two lawyers to claim compensation for survivors in criminal cases", "", ""),
    ("XYZ", "offer", "survivor-support", "", "Exit programme handbook",
     "Our handbook and six months of mentoring for a team starting an exit programme", "fr en",
     "materials;mentoring"),
)


@dataclass(frozen=True)
class ParsedNeedsOffers:
    """Everything one file holds, in file order; only ever returned whole."""

    needs: tuple[Need, ...]
    offers: tuple[Offer, ...]


def _fold(text: str) -> str:
    # Spreadsheets double spaces and change case; neither changes what a name means.
    return " ".join(text.split()).casefold()


def _area_lookup(areas: Sequence[CapacityArea]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    # Keys first, then English names, then translations: an exact key always wins a clash.
    for area in areas:
        lookup.setdefault(_fold(area.key), area.key)
    for area in areas:
        lookup.setdefault(_fold(area.name), area.key)
    known = {area.key for area in areas}
    for lang in sorted(AREA_NAMES):
        for key, name in AREA_NAMES[lang].items():
            if key in known:
                lookup.setdefault(_fold(name), key)
    return lookup


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise BadFileError("The file is larger than 5 MB; it cannot be a needs-and-offers file.")
    try:
        # utf-8-sig: Excel's "CSV UTF-8" starts with a byte-order mark that is not data.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadFileError("The file is not UTF-8 text (byte {start}); save it as 'CSV UTF-8' "
                           "and import it again.", start=exc.start + 1) from exc
    if not text.strip():
        raise BadFileError("The file is empty; start from the template.")
    return text


def _delimiter(text: str) -> str:
    # French and Lithuanian Excel save "CSV" with semicolons; the header tells which it is.
    first = text.split("\n", 1)[0].strip().casefold()
    return ";" if tuple(c.strip() for c in first.split(";")) == COLUMNS else ","


class _Context:
    """What a row is checked against, and what earlier rows already claimed."""

    def __init__(self, org_codes: Mapping[str, str], areas: Sequence[CapacityArea],
                 org_languages: Mapping[str, tuple[str, ...]]) -> None:
        self.orgs = {_fold(code): org_id for code, org_id in org_codes.items()}
        self.areas = _area_lookup(areas)
        self.org_languages = org_languages
        self.first_seen: dict[tuple[str, str, str, str], int] = {}


def _languages(cell: str, line: int, problems: list[Message]) -> tuple[str, ...]:
    codes: list[str] = []
    for token in _LANGUAGE_SPLIT.split(cell.casefold()):
        if not token:
            continue
        if not _LANGUAGE.fullmatch(token):
            problems.append(msg("line {line}: '{token}' is not a language code (use ISO codes "
                                "such as en, lt, fr)", line=line, token=token))
        elif token not in codes:
            codes.append(token)
    return tuple(codes)


def _formats(cell: str, line: int, problems: list[Message]) -> tuple[str, ...]:
    chosen: set[str] = set()
    for token in _FORMAT_SPLIT.split(cell):
        word = "_".join(token.replace("-", " ").split()).casefold()
        if not word:
            continue
        if word not in FORMATS:
            problems.append(msg("line {line}: the format '{format}' is not training, materials, "
                                "mentoring or study_visit", line=line, format=token.strip()))
        chosen.add(word)
    # Catalogue order, so the same offer reads the same whatever order it was typed in.
    return tuple(f for f in FORMATS if f in chosen)


def _row(cells: list[str], line: int, ctx: _Context, problems: list[Message]) -> Need | Offer | None:
    """One data row as a Need or an Offer; None when it has problems (added to `problems`)."""
    before = len(problems)
    if any(c.strip() for c in cells[len(COLUMNS):]):
        problems.append(plural("line {line}: more cells than the {n} column (put text that "
                               "contains commas in quotes)",
                               "line {line}: more cells than the {n} columns (put text that "
                               "contains commas in quotes)", len(COLUMNS), line=line))
    padded = [c.strip() for c in cells[:len(COLUMNS)]] + [""] * (len(COLUMNS) - len(cells))
    code, kind, area_text, priority_text, name, description, languages_text, formats_text = padded
    org = ctx.orgs.get(_fold(code))
    if not code:
        problems.append(msg("line {line}: the organisation is missing", line=line))
    elif org is None:
        problems.append(msg("line {line}: '{code}' is not the code of a member organisation",
                            line=line, code=code))
    kind = kind.casefold()
    if kind not in KINDS:
        problems.append(msg("line {line}: the kind '{kind}' is not need or offer",
                            line=line, kind=padded[1]) if kind else
                        msg("line {line}: the kind is missing (need or offer)", line=line))
    area = ctx.areas.get(_fold(area_text))
    if not area_text:
        problems.append(msg("line {line}: the area is missing", line=line))
    elif area is None:
        problems.append(msg("line {line}: '{area}' is not a capacity area (use its key, such as "
                            "legal-advocacy, or its name)", line=line, area=area_text))
    if not description:
        problems.append(msg("line {line}: the description is empty", line=line))
    priority = PRIORITY_WORDS.get(priority_text.casefold())
    if kind == "need" and priority is None:
        problems.append(msg("line {line}: the priority '{priority}' is not high, medium, low or "
                            "1 to 3", line=line, priority=priority_text) if priority_text else
                        msg("line {line}: a need's priority is missing (high, medium or low)",
                            line=line))
    if kind == "offer" and not name:
        problems.append(msg("line {line}: an offer needs a name (the tool or practice offered)",
                            line=line))
    languages = _languages(languages_text, line, problems)
    formats = _formats(formats_text, line, problems) if kind == "offer" else ()
    if org is not None and area is not None and kind in KINDS:
        key = (org, kind, area, _fold(name) if kind == "offer" else "")
        first = ctx.first_seen.setdefault(key, line)
        if first != line:
            problems.append(
                msg("line {line}: the same offer as line {first} (same organisation, area and "
                    "offer name)", line=line, first=first) if kind == "offer" else
                msg("line {line}: the same need as line {first} (same organisation and area)",
                    line=line, first=first))
    if len(problems) > before or org is None or area is None:
        return None
    # An empty languages cell means the organisation's own working languages.
    languages = languages or tuple(ctx.org_languages.get(org, ()))
    if kind == "need":
        assert priority is not None  # checked above; tells the type checker so
        return Need(org, area, priority, description, languages)
    return Offer(org, area, name, description, languages, formats)


def parse_needs_offers(data: bytes, *, org_codes: Mapping[str, str],
                       areas: Sequence[CapacityArea],
                       org_languages: Mapping[str, tuple[str, ...]]) -> ParsedNeedsOffers:
    """Read the coalition's needs and offers from one CSV file: all of it, or nothing.

    Format (UTF-8, comma- or semicolon-separated, first row the header, one row per need or
    offer, text with commas in double quotes):

        organisation,kind,area,priority,name,description,languages,formats
        ABC,need,legal-advocacy,high,,Train our lawyers to claim compensation,,
        XYZ,offer,Psychosocial support,,Peer groups,Our method and mentoring,fr en,mentoring

    organisation  the member's short code (`org_codes`, case-insensitive).
    kind          need or offer.
    area          an area key (legal-advocacy) or the area's English, Lithuanian or French
                  name, case-insensitive.
    priority      needs only, required: high, medium or low, or 1 (high) to 3 (low).
                  Ignored for offers.
    name          offers only, required: the tool or practice offered. Ignored for needs.
    description   required, for both kinds.
    languages     ISO codes separated by spaces or semicolons (en lt, fr;en); empty means the
                  organisation's working languages (`org_languages`). For a need, the
                  languages its staff can learn in.
    formats       offers only: training, materials, mentoring, study_visit, separated by
                  semicolons; may be empty. Ignored for needs.

    Empty rows are skipped. A need repeated (same organisation and area) or an offer repeated
    (same organisation, area and name) is refused. A file that is not UTF-8, empty, larger
    than 5 MB or without the header raises BadFileError; problems in rows raise
    ValidationError listing each with its line (the first 10, then how many more).
    """
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = csv_safe.restore_row(next(reader))
    except csv.Error as exc:
        raise BadFileError("The first row is not valid CSV: {exc}.", exc=exc) from exc
    found = [h.strip().casefold() for h in header]
    while found and not found[-1]:
        found.pop()  # spreadsheets keep empty columns after the last one
    if tuple(found) != COLUMNS:
        raise BadFileError("The first row must be the header {columns} (start from the "
                           "template).", columns=",".join(COLUMNS))
    ctx = _Context(org_codes, areas, org_languages)
    needs: list[Need] = []
    offers: list[Offer] = []
    problems: list[Message] = []
    rows = 0
    end = reader.line_num
    try:
        for cells in reader:
            # A quoted description may span lines: report the line the row starts on.
            line, end = end + 1, reader.line_num
            cells = csv_safe.restore_row(cells)
            if not any(c.strip() for c in cells):
                continue
            rows += 1
            item = _row(cells, line, ctx, problems)
            if isinstance(item, Need):
                needs.append(item)
            elif isinstance(item, Offer):
                offers.append(item)
    except csv.Error as exc:
        problems.append(msg("line {line}: not valid CSV ({exc})", line=end + 1, exc=exc))
    if not rows and not problems:
        raise BadFileError("The file has the header but no needs or offers.")
    csv_safe.refuse(problems)
    return ParsedNeedsOffers(tuple(needs), tuple(offers))


def write_template() -> str:
    """A file to fill in: the header and one example need and one example offer."""
    out = io.StringIO()
    writer = csv_safe.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(TEMPLATE_ROWS)
    return out.getvalue()
