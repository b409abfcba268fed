"""Import progress reports from a member's own spreadsheet (CSV): every row, or nothing."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from stratplan.core import csv_safe
from stratplan.core.errors import BadFileError, StratplanError
from stratplan.core.messages import Message, msg
from stratplan.core.oplog.writer import OpWriter
from stratplan.core.services import localplans, progress
from stratplan.core.services.progress_view import reportable_points

# A member's year of reports is a few hundred rows; ten megabytes is far beyond any of them,
# and refusing a bigger file before decoding it spares memory on an old laptop.
MAX_BYTES = 10_000_000
COLUMNS = ("point", "period", "status", "reason", "narrative", "indicator", "value", "unit", "date",
           "source", "evidence")
# Cells a spreadsheet computes: the import takes values, never formulas it cannot evaluate.
_FORMULA = re.compile(r"\s*(?:[=@]|[+-][^\d\s.,])")


@dataclass
class _Pending:
    """One (point, period) report being gathered from its rows (one row per indicator value)."""

    line: int
    point: str
    period: str
    status: str
    reason: str
    narrative: str
    evidence: list[str]
    values: list[dict[str, Any]] = field(default_factory=list)


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise BadFileError("The file is larger than 10 MB; it cannot be a progress report.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" on Western European Windows is cp1252 (a superset of Latin-1);
        # every byte decodes, so a member's file is read as it was saved rather than refused.
        return data.decode("cp1252", errors="replace")


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    end = 0
    try:
        for cells in reader:
            line, end = end + 1, reader.line_num
            yield line, cells
    except csv.Error as exc:
        raise BadFileError("line {line}: not valid CSV ({exc}).", line=end + 1, exc=exc) from exc


def _formula(cells: list[str]) -> bool:
    return any(_FORMULA.match(c) for c in cells)


def _gather(text: str, problems: list[Message]) -> list[_Pending]:
    rows = _rows(text)
    header = next(rows, None)
    found = [h.strip().casefold() for h in (header[1] if header else [])]
    while found and not found[-1]:
        found.pop()
    if tuple(found) != COLUMNS:
        raise BadFileError("The first row must be the header {columns}.", columns=",".join(COLUMNS))
    reports: dict[tuple[str, str], _Pending] = {}
    for line, raw in rows:
        if not any(c.strip() for c in raw):
            continue
        if len(raw) > len(COLUMNS) and any(c.strip() for c in raw[len(COLUMNS):]):
            problems.append(msg("line {line}: more cells than the {n} columns", line=line, n=len(COLUMNS)))
            continue
        if _formula(raw):
            problems.append(msg("line {line}: a cell holds a formula; save the sheet with its values",
                                line=line))
            continue
        cells = dict(zip(COLUMNS, [c.strip() for c in csv_safe.restore_row(raw)] + [""] * len(COLUMNS),
                         strict=False))
        key = (cells["point"], cells["period"])
        pending = reports.get(key)
        if pending is None:
            pending = reports[key] = _Pending(line, cells["point"], cells["period"], cells["status"],
                                              cells["reason"], cells["narrative"],
                                              [e for e in cells["evidence"].split(";") if e.strip()])
        elif cells["status"] and cells["status"] != pending.status:
            problems.append(msg("line {line}: the status '{status}' differs from line {first}'s",
                                line=line, status=cells["status"], first=pending.line))
        if cells["indicator"]:
            pending.values.append({"indicator": cells["indicator"], "value": cells["value"],
                                   "unit": cells["unit"], "date": cells["date"], "source": cells["source"],
                                   "line": line})
    return list(reports.values())


def _point_ids(plan: localplans.PlanView) -> dict[str, str]:
    """Point numbers ("1.2", "L.1") and ids, each to the point's id."""
    ids: dict[str, str] = {}
    for pid, number, _indicators in reportable_points(plan):
        ids[number] = pid
        ids[pid] = pid
    return ids


def import_csv(session: Session, *, writer: OpWriter, plan_id: str, data: bytes) -> int:
    """Every report of the file, checked first and written only when all of it is right."""
    problems: list[Message] = []
    gathered = _gather(_decode(data), problems)
    if not gathered and not problems:
        raise BadFileError("The file has the header but no reports.")
    plan = localplans.plan_view(session, plan_id)
    points = _point_ids(plan)
    payloads = []
    for item in gathered:
        point = points.get(item.point)
        if point is None:
            set_aside = next((p for p in plan.points if p.number == item.point), None)
            problems.append(msg("line {line}: point {point} was set aside in the local plan", line=item.line,
                                point=item.point) if set_aside else
                            msg("line {line}: '{point}' is not a point of the local plan", line=item.line,
                                point=item.point))
            continue
        try:
            payloads.append(progress.prepare(
                session, writer=writer, plan_id=plan_id, point_id=point, period=item.period,
                status=item.status, reason=item.reason, narrative=item.narrative,
                values=[{k: v for k, v in value.items() if k != "line"} for value in item.values],
                evidence=item.evidence))
        except StratplanError as exc:
            problems.append(msg("line {line}: {problem}", line=_culprit(item, exc), problem=exc.message))
    csv_safe.refuse(problems)
    for payload in payloads:
        progress.write(session, writer=writer, payload=payload)
    return len(payloads)


def _culprit(item: _Pending, exc: StratplanError) -> int:
    """The line of the value a problem names (its indicator), else the report's first line."""
    text = str(exc)
    for value in item.values:
        if f"'{value['indicator']}'" in text and (value["value"] in text or value["date"] in text
                                                  or value["unit"] and value["unit"] in text):
            return int(value["line"])
    return item.line


def template() -> str:
    """The header and one example row, for a member to fill in."""
    out = io.StringIO()
    w = csv_safe.writer(out)
    w.writerow(COLUMNS)
    w.writerow(("1.1", "2027 H1", "on_track", "", "Two trainings held in Kaunas.", "Police officers trained",
                "25", "people", "2027-05-30", "Training register", "attendance.pdf"))
    return out.getvalue()
