"""Progress reports: the coalition's reporting periods and each organisation's reports on its plan."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import (
    LocalPlan,
    ProgressPeriod,
    ProgressReport,
    ProgressRevision,
)
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.fields import clean_text
from stratplan.core.messages import Message, msg
from stratplan.core.oplog.progress_reducer import report_entity
from stratplan.core.oplog.writer import OpWriter, new_id
from stratplan.core.roles import Action, check, conveners_of, load_roles
from stratplan.core.services import localplans

STATUSES = ("not_started", "on_track", "delayed", "done", "dropped")
MAX_NARRATIVE = 20_000
MAX_REASON = 2_000
MAX_SOURCE = 500
MAX_EVIDENCE = 30
MAX_EVIDENCE_CHARS = 500
MAX_VALUES = 100
MAX_DIGITS = 18
# Bidirectional embedding, override and isolate controls: right-to-left text itself is kept,
# but these invisible characters can make a narrative read differently from what it says.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Period:
    id: str
    name: str
    start: str
    end: str
    due: str


@dataclass(frozen=True)
class Value:
    indicator: str
    value: str
    unit: str
    date: str
    source: str


@dataclass(frozen=True)
class Report:
    id: str
    org_id: str
    plan_id: str
    point_id: str
    period_id: str
    status: str
    reason: str
    narrative: str
    values: tuple[Value, ...]
    evidence: tuple[str, ...]
    revisions: int
    conflict: bool
    head: str


@dataclass(frozen=True)
class Revision:
    id: str
    author_id: str
    hlc: int
    status: str
    narrative: str
    values: tuple[Value, ...]


def _date(text: str, what: Message) -> str:
    try:
        return dt.date.fromisoformat(str(text).strip()).isoformat()
    except ValueError as exc:
        raise ValidationError("{what} '{text}' is not a date like 2027-06-30.", what=what, text=text) from exc


def clean_narrative(text: object, limit: int, what: Message) -> str:
    """NFC text without control characters or bidi overrides, within `limit` characters."""
    clean = _BIDI_CONTROLS.sub("", clean_text(text)).strip()
    if len(clean) > limit:
        raise ValidationError("{what} is too long: {length} characters (limit {limit}).",
                              what=what, length=f"{len(clean):,}", limit=f"{limit:,}")
    return clean


def set_period(session: Session, *, writer: OpWriter, name: str, start: str, end: str, due: str = "",
               period_id: str = "") -> Period:
    """Create (or change) a reporting period; only the coalition's convener sets them."""
    check(session, load_roles(session), writer.profile.org_id, Action.SET_PERIOD)
    clean = clean_text(name, single_line=True)
    if not clean or len(clean) > 200:
        raise ValidationError("A reporting period needs a name (up to 200 characters).", field="name")
    first, last = _date(start, msg("The start")), _date(end, msg("The end"))
    if last < first:
        raise ValidationError("The period ends ({end}) before it starts ({start}).", start=first, end=last)
    due_date = _date(due, msg("The due date")) if due else last
    if due_date < first:
        raise ValidationError("Reports cannot be due ({due}) before the period starts ({start}).",
                              due=due_date, start=first)
    if period_id:
        existing = session.get(ProgressPeriod, period_id)
        if existing is None:
            raise NotFoundError("There is no reporting period '{period}'.", period=period_id)
    entity = period_id or new_id()
    writer.append(session, kind="period.set", entity=entity,
                  payload={"name": clean, "start": first, "end": last, "due": due_date})
    return get_period(session, entity)


def get_period(session: Session, period_id: str) -> Period:
    # Only periods a convener set count; others stay in the log, unseen.
    conveners = conveners_of(session)
    row = session.get(ProgressPeriod, period_id)
    if row is None or row.org_id not in conveners:
        # A name is accepted too: people type "2027 H1", not ids.
        row = session.scalars(select(ProgressPeriod).where(ProgressPeriod.name == period_id,
                                                           ProgressPeriod.org_id.in_(conveners))).first()
    if row is None:
        raise NotFoundError("There is no reporting period '{period}'.", period=period_id)
    return Period(row.id, row.name, row.start, row.end, row.due)


def list_periods(session: Session) -> list[Period]:
    rows = session.scalars(select(ProgressPeriod).where(ProgressPeriod.org_id.in_(conveners_of(session)))
                           .order_by(ProgressPeriod.start, ProgressPeriod.id))
    return [Period(r.id, r.name, r.start, r.end, r.due) for r in rows]


def point_indicators(point: localplans.PlanPoint | localplans.LocalPoint) -> list[dict[str, str]]:
    """The indicators the organisation reports on: its adapted ones, else the programme's."""
    if isinstance(point, localplans.LocalPoint):
        return list(point.fields.get("indicators") or [])
    if point.decision == "adapt" and "indicators" in point.local:
        return list(point.local["indicators"] or [])
    return list(point.programme.get("indicators") or [])


def _plan_point(view: localplans.PlanView, point_id: str) -> localplans.PlanPoint | localplans.LocalPoint:
    for p in view.points:
        if p.id == point_id:
            if p.decision == "not_applicable":
                raise ValidationError("This point was set aside in the local plan ({reason}); "
                                      "there is nothing to report on it.", reason=p.reason)
            return p
    for lp in view.local_points:
        if lp.id == point_id:
            return lp
    raise NotFoundError("That point is not in this local plan.")


def _number(text: object, indicator: str) -> str:
    raw = str(text).strip().replace(" ", "").replace("\u00a0", "")
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise ValidationError("The value '{value}' of '{indicator}' is not a number.",
                              value=str(text)[:50], indicator=indicator) from exc
    if not value.is_finite() or len(value.as_tuple().digits) > MAX_DIGITS:
        raise ValidationError("The value '{value}' of '{indicator}' is not a number.",
                              value=str(text)[:50], indicator=indicator)
    # Canonical text without floats: "12.50" stays "12.50", "1e3" becomes "1000".
    return format(value, "f")


def clean_values(values: list[dict[str, Any]], indicators: list[dict[str, str]], period: Period) -> list[dict[str, str]]:
    """Check each actual value against its indicator (name, unit, number) and the period's dates."""
    if len(values) > MAX_VALUES:
        raise ValidationError("A report holds at most {limit} values.", limit=MAX_VALUES)
    known = {str(i.get("name", "")).strip(): i for i in indicators}
    out = []
    for item in values:
        name = clean_text(item.get("indicator", ""), single_line=True)
        if name not in known:
            raise ValidationError("'{indicator}' is not an indicator of this point (its indicators: {names}).",
                                  indicator=name, names=", ".join(sorted(n for n in known if n)) or "-")
        unit = clean_text(item.get("unit", ""), single_line=True)
        expected = str(known[name].get("unit", "")).strip()
        if unit and unit != expected:
            raise ValidationError("'{indicator}' is counted in '{expected}', not '{unit}'.",
                                  indicator=name, expected=expected or "-", unit=unit)
        day = _date(item.get("date", ""), msg("The date"))
        if not period.start <= day <= period.end:
            raise ValidationError("The value of '{indicator}' is dated {date}, outside the period "
                                  "{period} ({start} to {end}).", indicator=name, date=day,
                                  period=period.name, start=period.start, end=period.end)
        source = clean_narrative(item.get("source", ""), MAX_SOURCE, msg("The source"))
        out.append({"indicator": name, "value": _number(item.get("value", ""), name), "unit": expected,
                    "date": day, "source": " ".join(source.split())})
    return out


def _evidence(items: list[str]) -> list[str]:
    if len(items) > MAX_EVIDENCE:
        raise ValidationError("A report lists at most {limit} pieces of evidence.", limit=MAX_EVIDENCE)
    out = []
    for item in items:
        clean = " ".join(clean_narrative(item, MAX_EVIDENCE_CHARS, msg("An evidence reference")).split())
        if clean:
            out.append(clean)
    return out


def report(session: Session, *, writer: OpWriter, plan_id: str, point_id: str, period: str, status: str,
           reason: str = "", narrative: str = "", values: list[dict[str, Any]] | None = None,
           evidence: list[str] | None = None) -> Report:
    """Record (or correct) this organisation's progress on one point of its plan for one period."""
    payload = prepare(session, writer=writer, plan_id=plan_id, point_id=point_id, period=period,
                      status=status, reason=reason, narrative=narrative, values=values or [],
                      evidence=evidence or [])
    return write(session, writer=writer, payload=payload)


def prepare(session: Session, *, writer: OpWriter, plan_id: str, point_id: str, period: str, status: str,
            reason: str, narrative: str, values: list[dict[str, Any]], evidence: list[str]) -> dict[str, Any]:
    """The checked payload of a report (ValidationError naming the first problem)."""
    plan = session.get(LocalPlan, plan_id)
    if plan is None:
        raise NotFoundError("That local plan does not exist in this store.")
    if plan.org_id != writer.profile.org_id:
        raise ValidationError("Only the organisation that owns a local plan reports on it.")
    found = get_period(session, period)
    point = _plan_point(localplans.plan_view(session, plan_id), point_id)
    if status not in STATUSES:
        raise ValidationError("The status must be one of: {statuses}.", statuses=", ".join(STATUSES))
    why = clean_narrative(reason, MAX_REASON, msg("The reason"))
    if status == "dropped" and not why:
        raise ValidationError("Say why the point was dropped (a reason is required).", field="reason")
    return {"org": plan.org_id, "plan": plan_id, "point": point_id, "period": found.id, "status": status,
            "reason": why, "narrative": clean_narrative(narrative, MAX_NARRATIVE, msg("The narrative")),
            "values": clean_values(values, point_indicators(point), found), "evidence": _evidence(evidence)}


def write(session: Session, *, writer: OpWriter, payload: dict[str, Any]) -> Report:
    """Sign a prepared report as a new revision of what this laptop has seen of it."""
    entity = report_entity(payload["org"], payload["point"], payload["period"])
    row = session.get(ProgressReport, entity)
    parents = tuple(row.heads.split()) if row is not None else ()
    writer.append(session, kind="progress.report", entity=entity, payload=payload, parents=parents)
    return get_report(session, entity)


def _values(raw: str | list[dict[str, str]]) -> tuple[Value, ...]:
    items = json.loads(raw) if isinstance(raw, str) else raw
    return tuple(Value(v["indicator"], v["value"], v["unit"], v["date"], v.get("source", "")) for v in items)


def _report(row: ProgressReport) -> Report:
    return Report(row.id, row.org_id, row.plan_id, row.point_id, row.period_id, row.status, row.reason,
                  row.narrative, _values(row.values_json), tuple(json.loads(row.evidence_json)),
                  row.revision_count, len(row.heads.split()) > 1, row.head)


def get_report(session: Session, report_id: str) -> Report:
    row = session.get(ProgressReport, report_id)
    if row is None:
        raise NotFoundError("There is no such progress report.")
    return _report(row)


def find_report(session: Session, *, org_id: str, point_id: str, period_id: str) -> Report | None:
    row = session.get(ProgressReport, report_entity(org_id, point_id, period_id))
    return _report(row) if row is not None else None


def list_reports(session: Session, *, org_id: str = "", period_id: str = "", point_id: str = "") -> list[Report]:
    stmt = select(ProgressReport).order_by(ProgressReport.org_id, ProgressReport.period_id,
                                           ProgressReport.point_id)
    if org_id:
        stmt = stmt.where(ProgressReport.org_id == org_id)
    if period_id:
        stmt = stmt.where(ProgressReport.period_id == period_id)
    if point_id:
        stmt = stmt.where(ProgressReport.point_id == point_id)
    return [_report(r) for r in session.scalars(stmt)]


def history(session: Session, report_id: str) -> list[Revision]:
    """Every revision of a report, oldest first (corrections keep what was said before)."""
    rows = session.scalars(select(ProgressRevision).where(ProgressRevision.report_id == report_id)
                           .order_by(ProgressRevision.hlc, ProgressRevision.id))
    out = []
    for r in rows:
        state = json.loads(r.state_json)
        out.append(Revision(r.id, r.author_id, r.hlc, state["status"], state["narrative"],
                            _values(state["values"])))
    return out
