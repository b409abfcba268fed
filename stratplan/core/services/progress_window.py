"""What the progress window reads: our points with their report for a period, and reminders."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core import csv_safe
from stratplan.core.db.models import Person
from stratplan.core.services import localplans, progress
from stratplan.core.services.progress import Period, Report
from stratplan.core.services.progress_csv import COLUMNS

# A report due within this many days is shown among the reminders before it is late.
DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class OurPoint:
    """One point of our plan that we report on, with our report for the chosen period (or None)."""

    id: str
    number: str
    title: str
    indicators: tuple[dict[str, str], ...]
    report: Report | None


@dataclass(frozen=True)
class Reminder:
    """A report to write: late (`overdue`), due soon (`due_soon`) or not yet updated (`no_update`)."""

    kind: str
    period_id: str
    period: str
    due: str
    point_id: str
    number: str
    title: str


@dataclass(frozen=True)
class HistoryEntry:
    """One revision of a report, with who signed it."""

    id: str
    author: str
    hlc: int
    status: str
    narrative: str


@dataclass(frozen=True)
class Desk:
    """Our side of progress: the plan we report on, the periods, our points, the reminders."""

    plan_id: str
    plan_title: str
    periods: tuple[Period, ...]
    current_period: str
    period_id: str
    points: tuple[OurPoint, ...]
    reminders: tuple[Reminder, ...]


def _title(point: localplans.PlanPoint | localplans.LocalPoint) -> str:
    fields: dict[str, Any] = point.fields if isinstance(point, localplans.LocalPoint) else point.programme
    return str(fields.get("title", ""))


def current_period(periods: tuple[Period, ...] | list[Period], today: str) -> str:
    """The period `today` falls in, else the last one already started, else the first."""
    for p in periods:
        if p.start <= today <= p.end:
            return p.id
    started = [p for p in periods if p.start <= today]
    if started:
        return started[-1].id
    return periods[0].id if periods else ""


def _reportable(plan: localplans.PlanView) -> list[tuple[str, str, str, list[dict[str, str]]]]:
    """(id, number, title, indicators) of every point of the plan that is not set aside."""
    out = [(p.id, p.number, _title(p), progress.point_indicators(p))
           for p in plan.points if p.decision != "not_applicable"]
    out += [(lp.id, f"L.{i}", _title(lp), progress.point_indicators(lp))
            for i, lp in enumerate(plan.local_points, start=1)]
    return out


def desk(session: Session, *, org_id: str, period_id: str = "", today: str = "") -> Desk:
    """Our latest local plan's points with their report for the period, and what is due."""
    day = today or dt.date.today().isoformat()
    periods = tuple(progress.list_periods(session))
    current = current_period(periods, day)
    chosen = period_id if any(p.id == period_id for p in periods) else current
    plans = localplans.list_plans(session, org_id=org_id)
    if not plans:
        return Desk("", "", periods, current, chosen, (), ())
    plan = plans[0]  # the newest: the one the organisation lives by
    reports = {(r.point_id, r.period_id): r for r in progress.list_reports(session, org_id=org_id)}
    points = _reportable(plan)
    ours = tuple(OurPoint(pid, number, title, tuple(indicators), reports.get((pid, chosen)))
                 for pid, number, title, indicators in points)
    return Desk(plan.id, plan.title or plan.release_name, periods, current, chosen, ours,
                _reminders(periods, points, reports, current, day))


def _reminders(periods: tuple[Period, ...], points: list[tuple[str, str, str, list[dict[str, str]]]],
               reports: dict[tuple[str, str], Report], current: str, today: str) -> tuple[Reminder, ...]:
    soon = (dt.date.fromisoformat(today) + dt.timedelta(days=DUE_SOON_DAYS)).isoformat()
    out: list[Reminder] = []
    for period in periods:
        if period.due < today:
            kind = "overdue"
        elif period.due <= soon:
            kind = "due_soon"
        elif period.id == current and period.start <= today:
            kind = "no_update"
        else:
            continue
        out += [Reminder(kind, period.id, period.name, period.due, pid, number, title)
                for pid, number, title, _ in points if (pid, period.id) not in reports]
    return tuple(out)


def report_history(session: Session, report_id: str) -> list[HistoryEntry]:
    """A report's revisions, oldest first, each with the name of the person who signed it."""
    people = dict(session.execute(select(Person.id, Person.name)).all())
    return [HistoryEntry(r.id, people.get(r.author_id, r.author_id[:8]), r.hlc, r.status, r.narrative)
            for r in progress.history(session, report_id)]


def csv_sheet(ours: Desk) -> str:
    """Our points for the chosen period as a sheet to fill in and import: a row per indicator,
    holding what the report already says, so the file goes back and forth without losses."""
    period = next((p.name for p in ours.periods if p.id == ours.period_id), "")
    out = io.StringIO()
    w = csv_safe.writer(out)
    w.writerow(COLUMNS)
    for point in ours.points:
        r = point.report
        head = (point.number, period, r.status if r else "", r.reason if r else "", r.narrative if r else "")
        evidence = ";".join(r.evidence) if r else ""
        values = {v.indicator: v for v in sorted(r.values, key=lambda v: v.date)} if r else {}
        names = [str(i.get("name", "")) for i in point.indicators] or [""]
        for name in names:
            v = values.get(name)
            unit = next((str(i.get("unit", "")) for i in point.indicators if i.get("name") == name), "")
            w.writerow((*head, name, v.value if v else "", unit, v.date if v else "", v.source if v else "",
                        evidence))
    return out.getvalue()
