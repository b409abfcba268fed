"""Local plans: an organisation adopts, adapts or sets aside each point of a release."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import Coalition, LocalPlan, Organisation
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.export.document import DocMeta, DocModel, DocSection, labels
from stratplan.core.fields import clean_fields, clean_text
from stratplan.core.oplog.writer import OpWriter, new_id
from stratplan.core.services.programme import (
    FROZEN,
    ReleaseContent,
    doc_point,
    get_release,
    point_languages,
)

DECISIONS = ("adopt", "adapt", "not_applicable")
# What an organisation may change when it adapts a point to its country.
LOCAL_FIELDS = ("body", "actions", "responsible", "start", "end", "indicators", "resources")


@dataclass(frozen=True)
class PlanPoint:
    id: str
    number: str
    section: str
    programme: dict[str, Any]      # the point as the plan's release has it
    decision: str                  # adopt, adapt, not_applicable ('' = not decided: adopt)
    local: dict[str, Any]          # the adapted fields (for 'adapt')
    reason: str
    changed_upstream: tuple[str, ...]  # fields the programme changed since the decision


@dataclass(frozen=True)
class LocalPoint:
    id: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class PlanView:
    id: str
    org_id: str
    title: str
    release_id: str
    release_name: str
    points: tuple[PlanPoint, ...]
    local_points: tuple[LocalPoint, ...]


def _row(session: Session, plan_id: str) -> LocalPlan:
    row = session.get(LocalPlan, plan_id)
    if row is None:
        raise NotFoundError("That local plan does not exist in this store.")
    return row


def _own(session: Session, writer: OpWriter, plan_id: str) -> LocalPlan:
    row = _row(session, plan_id)
    if row.org_id != writer.profile.org_id:
        raise ValidationError("Only the organisation that owns a local plan can change it.")
    return row


def list_plans(session: Session, *, org_id: str | None = None) -> list[PlanView]:
    stmt = select(LocalPlan.id).order_by(LocalPlan.hlc.desc())
    if org_id:
        stmt = stmt.where(LocalPlan.org_id == org_id)
    return [plan_view(session, pid) for pid in session.scalars(stmt)]


def start_plan(session: Session, *, writer: OpWriter, release_id: str, title: str = "") -> PlanView:
    """Start this organisation's local plan from a release; every point starts as 'adopt as is'."""
    get_release(session, release_id)
    entity = new_id()
    writer.append(session, kind="localplan.start", entity=entity,
                  payload={"org": writer.profile.org_id, "release": release_id,
                           "title": clean_text(title, single_line=True)[:200]})
    return plan_view(session, entity)


def _clean_local(local: dict[str, Any], programme: dict[str, Any]) -> dict[str, Any]:
    unknown = set(local) - set(LOCAL_FIELDS)
    if unknown:
        raise ValidationError("These fields cannot be adapted locally: {unknown}.",
                              unknown=', '.join(sorted(unknown)))
    # Reuse the plan-point rules (limits, dates, indicators) on the adapted version.
    merged = clean_fields({**{k: programme.get(k, "") for k in ("title", "summary", "objective", "level")},
                           **{k: programme.get(k) for k in LOCAL_FIELDS if k in programme}, **local})
    return {k: merged[k] for k in LOCAL_FIELDS}


def decide(session: Session, *, writer: OpWriter, plan_id: str, point_id: str, decision: str,
           local: dict[str, Any] | None = None, reason: str = "") -> PlanView:
    """Adopt as is, adapt (local text, actions, owner, dates, indicators, budget), or set aside."""
    row = _own(session, writer, plan_id)
    if decision not in DECISIONS:
        raise ValidationError("Choose adopt as is, adapt, or not applicable here.")
    release = get_release(session, row.release_id)
    point = release.point(point_id)
    if point is None:
        raise NotFoundError("That point is not in the release this plan follows.")
    reason = clean_text(reason).strip()
    if decision == "not_applicable" and not reason:
        raise ValidationError("Say why this point does not apply here (a reason is required).", field="reason")
    if len(reason) > 2000:
        raise ValidationError("The reason is too long (limit 2,000 characters).", field="reason")
    adapted = _clean_local(local or {}, point.fields) if decision == "adapt" else {}
    writer.append(session, kind="localplan.decide", entity=plan_id, payload={
        "point": point_id, "decision": decision, "local": adapted, "reason": reason,
        "based_on": row.release_id})
    return plan_view(session, plan_id)


def keep_local(session: Session, *, writer: OpWriter, plan_id: str, point_id: str) -> PlanView:
    """The programme changed this point: keep our version (the flag goes away)."""
    view = plan_view(session, plan_id)
    point = next((p for p in view.points if p.id == point_id), None)
    if point is None:
        raise NotFoundError("That point is not in this plan.")
    return decide(session, writer=writer, plan_id=plan_id, point_id=point_id,
                  decision=point.decision or "adopt", local=point.local or None, reason=point.reason)


def accept_change(session: Session, *, writer: OpWriter, plan_id: str, point_id: str) -> PlanView:
    """The programme changed this point: take the new text as it is."""
    return decide(session, writer=writer, plan_id=plan_id, point_id=point_id, decision="adopt")


def add_local_point(session: Session, *, writer: OpWriter, plan_id: str, fields: dict[str, Any],
                    point_id: str = "") -> PlanView:
    """A point of this organisation's own, next to the programme's."""
    _own(session, writer, plan_id)
    clean = clean_fields({k: v for k, v in fields.items() if k in FROZEN})
    writer.append(session, kind="localplan.local_point", entity=plan_id,
                  payload={"id": point_id or new_id(), "fields": {k: clean[k] for k in FROZEN}})
    return plan_view(session, plan_id)


def remove_local_point(session: Session, *, writer: OpWriter, plan_id: str, point_id: str) -> PlanView:
    _own(session, writer, plan_id)
    writer.append(session, kind="localplan.local_point", entity=plan_id,
                  payload={"id": point_id, "fields": {}, "deleted": True})
    return plan_view(session, plan_id)


def rebase(session: Session, *, writer: OpWriter, plan_id: str, release_id: str) -> PlanView:
    """Follow a newer release; points whose text changed since they were decided are flagged."""
    _own(session, writer, plan_id)
    get_release(session, release_id)
    writer.append(session, kind="localplan.rebase", entity=plan_id, payload={"release": release_id})
    return plan_view(session, plan_id)


def _changed_fields(session: Session, decision: dict[str, Any], release: ReleaseContent,
                    point_id: str) -> tuple[str, ...]:
    based_on = decision.get("based_on", "")
    if not based_on or based_on == release.info.id:
        return ()
    try:
        earlier = get_release(session, based_on).point(point_id)
    except NotFoundError:
        return ()
    now = release.point(point_id)
    if earlier is None or now is None:
        return ()
    return tuple(f for f in FROZEN if earlier.fields.get(f) != now.fields.get(f))


def plan_view(session: Session, plan_id: str) -> PlanView:
    row = _row(session, plan_id)
    state = json.loads(row.state_json)
    release = get_release(session, row.release_id)
    points = []
    for section in release.sections:
        for p in section.points:
            d = state["decisions"].get(p.id, {})
            points.append(PlanPoint(
                id=p.id, number=p.number, section=section.title, programme=p.fields,
                decision=d.get("decision", ""), local=d.get("local", {}), reason=d.get("reason", ""),
                changed_upstream=_changed_fields(session, d, release, p.id) if d else ()))
    local_points = tuple(LocalPoint(lid, v["fields"]) for lid, v in sorted(
        state["local_points"].items(), key=lambda kv: kv[1]["hlc"]) if not v.get("deleted"))
    return PlanView(plan_id, row.org_id, state.get("title", ""), release.info.id, release.info.name,
                    tuple(points), local_points)


def plan_document(session: Session, *, plan_id: str, language: str) -> DocModel:
    """The local plan as a document model: adapted text where adapted, reasons where set aside."""
    view = plan_view(session, plan_id)
    org = session.get(Organisation, view.org_id)
    coalition = session.scalars(select(Coalition)).first()
    meta = DocMeta(kind="local_plan", title=view.title or labels(language)["local_plan"],
                   coalition=coalition.name if coalition else "", organisation=org.name if org else "",
                   country=org.country if org else "", release=view.release_name,
                   date=dt.date.today().isoformat(), language=language)
    sections: list[DocSection] = []
    by_section: dict[str, list[Any]] = {}
    languages = point_languages(session, [p.id for p in view.points])
    for p in view.points:
        fields = {**p.programme, **p.local} if p.decision == "adapt" else p.programme
        decision = p.decision or "adopt"
        note = p.reason if decision == "not_applicable" else ""
        # An adapted point mixes the programme's text with the organisation's: guessed.
        written_in = "" if decision == "adapt" else languages.get(p.id, "")
        by_section.setdefault(p.section, []).append(
            doc_point(p.number, fields, decision=decision, decision_note=note,
                      changed_upstream=bool(p.changed_upstream), language=written_in))
    for title, points in by_section.items():
        sections.append(DocSection(title, tuple(points)))
    if view.local_points:
        sections.append(DocSection(labels(language)["local_points"], tuple(
            doc_point(f"L.{i}", lp.fields, decision="local", language=org.language if org else "")
            for i, lp in enumerate(view.local_points, start=1))))
    return DocModel(meta=meta, sections=tuple(sections))
