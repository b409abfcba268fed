"""The coalition's view of progress: per programme point, per country, members x points, gaps."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import LocalPlan, Organisation
from stratplan.core.services import localplans, programme
from stratplan.core.services.progress import STATUSES, Period, list_periods, point_indicators

# Text marks for the matrix, so status never rests on colour alone.
MARKS = {"not_started": "·", "on_track": "✓", "delayed": "!", "done": "■", "dropped": "×",
         "set_aside": "-", "missing": "?", "none": ""}
ACTIVE = frozenset({"on_track", "delayed", "done"})


@dataclass(frozen=True)
class IndicatorRollup:
    name: str
    unit: str                                  # '' when the members' units differ
    reporting: int                             # organisations with a value
    total: str                                 # '' when units differ
    mean: str
    values: tuple[tuple[str, str, str], ...]   # (organisation code, value, unit), listed always


@dataclass(frozen=True)
class PointRollup:
    id: str
    number: str
    title: str
    adopted: int
    adapted: int
    set_aside: int
    statuses: dict[str, dict[str, int]]                   # period id -> status -> count
    countries: dict[str, dict[str, dict[str, int]]]       # country -> period id -> status -> count
    indicators: dict[str, tuple[IndicatorRollup, ...]]    # period id -> rollups
    targets: dict[str, str] = field(default_factory=dict)  # indicator name -> the release's numeric target


@dataclass(frozen=True)
class MatrixRow:
    org_id: str
    code: str
    country: str
    cells: tuple[str, ...]   # one status (or set_aside / missing / none) per point, in `points` order


@dataclass(frozen=True)
class Overdue:
    org_id: str
    code: str
    period_id: str
    period: str
    due: str
    point_id: str
    number: str


@dataclass(frozen=True)
class CoalitionView:
    periods: tuple[Period, ...]
    points: tuple[PointRollup, ...]
    matrix_period: str
    matrix: tuple[MatrixRow, ...]
    idle: tuple[str, ...]          # ids of programme points nobody is working on
    overdue: tuple[Overdue, ...]


def decimal_value(text: object) -> Decimal | None:
    """A number as members type it ("12.5", "12,5"); None for text such as "30%" or "n/a"."""
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _text(value: Decimal) -> str:
    # Up to 2 decimals, no trailing zeros, no exponent.
    text = format(value.quantize(Decimal("0.01")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _rollup(name: str, values: list[tuple[str, str, str]]) -> IndicatorRollup:
    units = set(map(itemgetter(2), values))
    listed = tuple(sorted(values))
    if len(units) != 1:
        return IndicatorRollup(name, "", len(values), "", "", listed)
    numbers = [Decimal(v) for _, v, _ in values]
    total = sum(numbers, Decimal(0))
    return IndicatorRollup(name, units.pop(), len(values), _text(total), _text(total / len(numbers)), listed)


Decisions = dict[str, str]  # point id -> adopt, adapt, not_applicable (points of the plan's release)


def _latest_plans(session: Session) -> dict[str, Decisions]:
    """The decisions of each organisation's most recent local plan, read straight from the
    derived rows: a coalition of 200 members would otherwise build 200 full plan views."""
    rows: dict[str, LocalPlan] = {}
    for row in session.scalars(select(LocalPlan).order_by(LocalPlan.hlc, LocalPlan.id)):
        rows[row.org_id] = row
    release_points: dict[str, list[str]] = {}
    plans: dict[str, Decisions] = {}
    for org_id, row in rows.items():
        if row.release_id not in release_points:
            content = programme.get_release(session, row.release_id)
            release_points[row.release_id] = [p.id for sec in content.sections for p in sec.points]
        chosen = json.loads(row.state_json)["decisions"]
        plans[org_id] = {pid: chosen.get(pid, {}).get("decision") or "adopt"
                         for pid in release_points[row.release_id]}
    return plans


def latest_release(session: Session) -> programme.ReleaseContent | None:
    """The programme as last released: the one members report against."""
    releases = programme.list_releases(session)
    if not releases:
        return None
    latest = max(releases, key=lambda r: (r.created, r.id))
    return programme.get_release(session, latest.id)


def _programme_points(session: Session) -> list[tuple[str, str, str, dict[str, str]]]:
    content = latest_release(session)
    if content is None:
        return []
    return [(p.id, p.number, str(p.fields.get("title", "")), targets_of(p.fields))
            for sec in content.sections for p in sec.points]


def targets_of(fields: dict[str, Any]) -> dict[str, str]:
    """Each indicator's target, where the point gives it as a number (as text: views go to JSON)."""
    out = {}
    for ind in fields.get("indicators") or ():
        target = decimal_value(ind.get("target", "")) if isinstance(ind, dict) else None
        if target is not None and ind.get("name"):
            out[str(ind["name"])] = str(target)
    return out


def coalition_view(session: Session, *, period_id: str = "", today: str = "",
                   every_period: bool = True) -> CoalitionView:
    """Everything the convener needs to see how the programme is lived, as plain data.

    One pass over the reports' columns (no ORM objects: a coalition of 200 members holds
    160,000 reports), counting into each point's, period's and country's tallies at once.
    Without `every_period`, indicator values are rolled up for the chosen period only (the
    window's tables; `point_indicators_by_period` gives one point's history): reading every
    report's values is most of the work.
    """
    periods = tuple(list_periods(session))
    orgs = {o.id: (o.code, o.country) for o in session.scalars(select(Organisation))}
    plans = _latest_plans(session)
    points = _programme_points(session)
    working = {(oid, pid) for oid, decisions in plans.items() for pid, d in decisions.items()
               if d in ("adopt", "adapt")}
    statuses: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    countries: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    values: dict[tuple[str, str], dict[str, list[tuple[str, str, str]]]] = defaultdict(lambda: defaultdict(list))
    reported: dict[str, dict[tuple[str, str], str]] = defaultdict(dict)  # period -> (org, point) -> status
    matrix_period = period_id or (periods[-1].id if periods else "")
    for org_id, point_id, per, status, values_json in _report_rows(session, "" if every_period else matrix_period):
        key = (org_id, point_id)
        reported[per][key] = status
        if key not in working or org_id not in orgs:
            continue
        code, country = orgs[org_id]
        countries[(point_id, country, per)][status] += 1
        if values_json and values_json != "[]":
            _add_values(values[(point_id, per)], code, values_json)
    by_point_country: dict[str, dict[str, dict[str, dict[str, int]]]] = defaultdict(lambda: defaultdict(dict))
    for (pid, country, per), c in countries.items():
        by_point_country[pid][country][per] = {s: c[s] for s in STATUSES if c[s]}
        statuses[(pid, per)].update(c)  # a point's tally is the sum of its countries'
    rollups = []
    for pid, number, title, targets in points:
        decisions = Counter(_decision(plans.get(o), pid) for o in orgs)
        rollups.append(PointRollup(
            pid, number, title, decisions["adopt"], decisions["adapt"], decisions["not_applicable"],
            {p.id: {s: statuses[(pid, p.id)][s] for s in STATUSES if statuses[(pid, p.id)][s]} for p in periods},
            {c: dict(by) for c, by in by_point_country.get(pid, {}).items()},
            {p.id: tuple(_rollup(n, v) for n, v in sorted(values.get((pid, p.id), {}).items()))
             for p in periods}, targets))
    day = today or dt.date.today().isoformat()
    by_code = sorted(orgs.items(), key=lambda kv: kv[1][0])
    matrix = _matrix(points, by_code, plans, reported.get(matrix_period, {}))
    idle = tuple(r.id for r in rollups if not (r.adopted + r.adapted)
                 or not any(r.statuses.get(matrix_period, {}).get(s) for s in ACTIVE))
    return CoalitionView(periods, tuple(rollups), matrix_period, matrix, idle,
                         _overdue(points, periods, by_code, plans, reported, day))


def _add_values(bucket: dict[str, list[tuple[str, str, str]]], code: str, values_json: str) -> None:
    found = orjson.loads(values_json)
    if len(found) > 1:
        found.sort(key=lambda v: v["date"])  # the last value of the period stands for it
        found = list({v["indicator"]: v for v in found}.values())
    for v in found:
        bucket[v["indicator"]].append((code, v["value"], v["unit"]))


def _report_rows(session: Session, values_of: str = "") -> Iterator[tuple[str, str, str, str, str]]:
    """(org, point, period, status, values) of every report, in batches from the driver's own
    cursor: SQLAlchemy's row objects would double the time of the whole view. With `values_of`,
    only that period's reports carry their values (the others an empty text)."""
    cursor = session.connection().connection.cursor()
    try:
        if values_of:
            cursor.execute("SELECT org_id, point_id, period_id, status, "
                           "CASE WHEN period_id = ? THEN values_json ELSE '' END FROM progress_report",
                           (values_of,))
        else:
            cursor.execute("SELECT org_id, point_id, period_id, status, values_json FROM progress_report")
        while batch := cursor.fetchmany(5000):
            yield from batch
    finally:
        cursor.close()


def point_indicators_by_period(session: Session, point_id: str) -> dict[str, tuple[IndicatorRollup, ...]]:
    """One programme point's indicator roll-ups in every period (period id -> roll-ups), by the
    same rules as `coalition_view`: members working on the point, their last value per period."""
    orgs = {o.id: o.code for o in session.scalars(select(Organisation))}
    working = {oid for oid, decisions in _latest_plans(session).items()
               if decisions.get(point_id) in ("adopt", "adapt") and oid in orgs}
    values: dict[str, dict[str, list[tuple[str, str, str]]]] = defaultdict(lambda: defaultdict(list))
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute("SELECT org_id, period_id, values_json FROM progress_report WHERE point_id = ?", (point_id,))
        for org_id, per, values_json in cursor.fetchall():
            if org_id in working and values_json != "[]":
                _add_values(values[per], orgs[org_id], values_json)
    finally:
        cursor.close()
    return {per: tuple(_rollup(n, v) for n, v in sorted(found.items())) for per, found in values.items()}


def _decision(plan: Decisions | None, point_id: str) -> str:
    return "" if plan is None else plan.get(point_id, "")


def _matrix(points: list[tuple[str, str, str, dict[str, str]]], orgs: list[tuple[str, tuple[str, str]]],
            plans: dict[str, Decisions], reported: dict[tuple[str, str], str]) -> tuple[MatrixRow, ...]:
    rows = []
    for oid, (code, country) in orgs:
        cells = []
        for pid, _number, _title, _targets in points:
            decision = _decision(plans.get(oid), pid)
            if not decision:
                cells.append("none")
            elif decision == "not_applicable":
                cells.append("set_aside")
            else:
                cells.append(reported.get((oid, pid), "missing"))
        rows.append(MatrixRow(oid, code, country, tuple(cells)))
    return tuple(rows)


def _overdue(points: list[tuple[str, str, str, dict[str, str]]], periods: tuple[Period, ...],
             orgs: list[tuple[str, tuple[str, str]]], plans: dict[str, Decisions],
             reported: dict[str, dict[tuple[str, str], str]], today: str) -> tuple[Overdue, ...]:
    out = []
    for period in periods:
        if period.due >= today:
            continue
        got = reported.get(period.id, {})
        for oid, (code, _country) in orgs:
            plan = plans.get(oid)
            for pid, number, _title, _targets in points:
                if _decision(plan, pid) in ("adopt", "adapt") and (oid, pid) not in got:
                    out.append(Overdue(oid, code, period.id, period.name, period.due, pid, number))
    return tuple(out)


def reportable_points(plan: localplans.PlanView) -> list[tuple[str, str, list[dict[str, str]]]]:
    """(point id, number, indicators) of every point the organisation reports on."""
    out = [(p.id, p.number, point_indicators(p)) for p in plan.points if p.decision != "not_applicable"]
    out += [(lp.id, f"L.{i}", point_indicators(lp)) for i, lp in enumerate(plan.local_points, start=1)]
    return out
