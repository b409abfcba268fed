"""Every reported value and every report as an Excel workbook, for donors and their spreadsheets.

The workbook is written in openpyxl's streaming mode, one row at a time, so 160,000 reports fit
in bounded memory. Numbers are numbers and dates are dates (a donor sums and filters them); text
that starts like a formula is stored as text, so opening the file never runs anything a member typed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import LocalPlan, Organisation, ProgressPeriod, ProgressReport
from stratplan.core.errors import ValidationError
from stratplan.core.services.coalition_report_labels import words
from stratplan.core.services.progress_view import latest_release

_XLSX_CELL_LIMIT = 32_767  # characters Excel keeps in one cell
# What XML 1.0 cannot carry (openpyxl refuses it): C0 controls but tab, line feed, return.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMULA_START = ("=", "+", "-", "@")

_HEADERS = {
    "values": ("member", "organisation", "country", "period", "point", "title", "status", "indicator",
               "value", "unit", "date", "source"),
    "reports": ("member", "organisation", "country", "period", "point", "title", "status", "reason",
                "narrative", "evidence", "revisions"),
}
_EXTRA = {
    "en": {"values_sheet": "Values", "reports_sheet": "Reports", "revisions": "Revisions", "title": "Title"},
    "lt": {"values_sheet": "Reikšmės", "reports_sheet": "Ataskaitos", "revisions": "Pataisymai",
           "title": "Pavadinimas"},
    "fr": {"values_sheet": "Valeurs", "reports_sheet": "Rapports", "revisions": "Révisions", "title": "Titre"},
    "es": {"values_sheet": "Valores", "reports_sheet": "Informes", "revisions": "Revisiones", "title": "Título"},
}


def _text(value: object) -> str:
    text = _ILLEGAL.sub("", str(value))
    return text if len(text) <= _XLSX_CELL_LIMIT else text[: _XLSX_CELL_LIMIT - 1] + "…"


def _number(text: str) -> int | float | None:
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite():
        return None
    return int(value) if value == value.to_integral_value() and abs(value) < 2**53 else float(value)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class _Sheet:
    """Appends rows to a streaming sheet, typing each cell."""

    def __init__(self, book: Any, title: str, header: list[str], widths: list[int]) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        self.cell_class = WriteOnlyCell
        self.sheet = book.create_sheet(title)
        self.sheet.freeze_panes = "A2"
        for i, width in enumerate(widths):
            self.sheet.column_dimensions[_column(i)].width = width
        bold = Font(bold=True)
        cells = []
        for name in header:
            cell = WriteOnlyCell(self.sheet, value=name)
            cell.font = bold
            cells.append(cell)
        self.sheet.append(cells)
        self.rows = 1
        self.columns = len(header)

    def append(self, values: list[object]) -> None:
        row: list[object] = []
        for value in values:
            if isinstance(value, str):
                value = _text(value)
                if value.startswith(_FORMULA_START):
                    cell = self.cell_class(self.sheet, value=value)
                    cell.data_type = "s"  # openpyxl would otherwise write it as a formula
                    value = cell
            row.append(value)
        self.sheet.append(row)
        self.rows += 1

    def close(self) -> None:
        self.sheet.auto_filter.ref = f"A1:{_column(self.columns - 1)}{max(1, self.rows)}"


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _points(session: Session) -> dict[str, tuple[str, str]]:
    """Point id -> (number, title): the programme's points, then each plan's own (L.1, L.2...)."""
    out: dict[str, tuple[str, str]] = {}
    release = latest_release(session)
    for sec in release.sections if release else ():
        for p in sec.points:
            out[p.id] = (p.number, str(p.fields.get("title", "")))
    for row in session.scalars(select(LocalPlan)):
        local = json.loads(row.state_json).get("local_points", {})
        live = sorted((v["hlc"], lid, v) for lid, v in local.items() if not v.get("deleted"))
        for i, (_hlc, lid, v) in enumerate(live, start=1):
            out.setdefault(lid, (f"L.{i}", str(v.get("fields", {}).get("title", ""))))
    return out


def _number_key(number: str) -> tuple[int, ...]:
    # "1.10" after "1.9"; local points ("L.2") after the programme's.
    parts = number.replace("L.", "999999.").split(".")
    return tuple(int(p) if p.isdigit() else 0 for p in parts)


def _reports(session: Session, points: dict[str, tuple[str, str]]) -> Iterator[ProgressReport]:
    """Members by code, their periods in time order, points in programme order; streamed."""
    query = (select(ProgressReport)
             .join(Organisation, Organisation.id == ProgressReport.org_id, isouter=True)
             .join(ProgressPeriod, ProgressPeriod.id == ProgressReport.period_id, isouter=True)
             .order_by(Organisation.code, ProgressPeriod.start, ProgressReport.org_id, ProgressReport.period_id)
             .execution_options(yield_per=2000))
    group: list[ProgressReport] = []
    for row in session.scalars(query):
        if group and (group[0].org_id, group[0].period_id) != (row.org_id, row.period_id):
            yield from sorted(group, key=lambda r: _number_key(points.get(r.point_id, ("", ""))[0]))
            group = []
        group.append(row)
    yield from sorted(group, key=lambda r: _number_key(points.get(r.point_id, ("", ""))[0]))


def write_values(session: Session, path: Path, *, language: str) -> tuple[int, int]:
    """Write the workbook; returns (values, reports) written."""
    from openpyxl import Workbook

    w = {**words(language), **_EXTRA.get(language, _EXTRA["en"])}
    orgs = {o.id: o for o in session.scalars(select(Organisation))}
    periods = {p.id: p for p in session.scalars(select(ProgressPeriod))}
    points = _points(session)
    book = Workbook(write_only=True)
    values = _Sheet(book, w["values_sheet"], [w[k] for k in _HEADERS["values"]],
                    [10, 30, 8, 12, 8, 40, 14, 36, 10, 12, 12, 36])
    reports = _Sheet(book, w["reports_sheet"], [w[k] for k in _HEADERS["reports"]],
                     [10, 30, 8, 12, 8, 40, 14, 30, 60, 40, 10])
    counted = (0, 0)
    for row in _reports(session, points):
        org = orgs.get(row.org_id)
        period = periods.get(row.period_id)
        number, title = points.get(row.point_id, ("", ""))
        who = [org.code if org else row.org_id, org.name if org else "", org.country if org else "",
               period.name if period else row.period_id, number, title, w.get(row.status, row.status)]
        for v in json.loads(row.values_json):
            values.append([*who, v["indicator"], _number(v["value"]) if _number(v["value"]) is not None
                           else v["value"], v["unit"], _date(v["date"]) or v["date"], v["source"]])
            counted = (counted[0] + 1, counted[1])
        reports.append([*who, row.reason, row.narrative, "\n".join(json.loads(row.evidence_json)),
                        row.revision_count])
        counted = (counted[0], counted[1] + 1)
    values.close()
    reports.close()
    try:
        book.save(path)
    except OSError as exc:
        raise ValidationError("Cannot write {target}: {strerror}.", target=path, strerror=exc.strerror) from exc
    return counted
