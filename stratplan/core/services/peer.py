"""Peer-to-peer training: capacity areas, each organisation's needs and offers, pairings."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import Coalition, Organisation, PeerRecord, Person
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.export.document import (
    DocActivity,
    DocContact,
    DocMeta,
    DocModel,
    DocSection,
    labels,
)
from stratplan.core.fields import clean_text
from stratplan.core.oplog.hlc import unpack
from stratplan.core.oplog.writer import OpWriter, new_id
from stratplan.core.peer.catalogue import DEFAULT_AREAS, FORMATS, PRIORITIES, CapacityArea
from stratplan.core.peer.csv_import import parse_needs_offers
from stratplan.core.peer.matching import (
    CoverageMatrix,
    Match,
    Need,
    Offer,
    coverage_matrix,
    match_needs,
)
from stratplan.core.services.coalition import OrganisationInfo

MAX_DESCRIPTION = 5_000


@dataclass(frozen=True)
class NeedInfo:
    id: str
    need: Need


@dataclass(frozen=True)
class OfferInfo:
    id: str
    offer: Offer


@dataclass(frozen=True)
class Pairing:
    id: str
    need_org: str
    offer_org: str
    area: str
    offer_name: str


@dataclass(frozen=True)
class PeerOverview:
    """Everything the peer-to-peer window shows, read once."""

    orgs: tuple[OrganisationInfo, ...]   # by code, as the heat map's rows
    areas: tuple[CapacityArea, ...]
    needs: tuple[NeedInfo, ...]
    offers: tuple[OfferInfo, ...]
    matches: Mapping[tuple[str, str], tuple[Match, ...]]
    coverage: CoverageMatrix
    pairings: tuple[Pairing, ...]


def _records(session: Session, kind: str) -> list[PeerRecord]:
    return list(session.scalars(select(PeerRecord).where(PeerRecord.kind == kind).order_by(PeerRecord.hlc)))


def list_areas(session: Session) -> list[CapacityArea]:
    """The catalogue: the defaults as the convener edited them, plus the areas added."""
    edited = {r.id.removeprefix("area:"): json.loads(r.data_json) for r in _records(session, "area")}
    areas = [CapacityArea(a.key, edited.get(a.key, {}).get("name", a.name),
                          edited.get(a.key, {}).get("description", a.description)) for a in DEFAULT_AREAS]
    known = {a.key for a in DEFAULT_AREAS}
    areas += [CapacityArea(key, d["name"], d.get("description", "")) for key, d in edited.items() if key not in known]
    return areas


def set_area(session: Session, *, writer: OpWriter, key: str, name: str, description: str = "") -> CapacityArea:
    """Add or rename a capacity area in the coalition's catalogue."""
    clean_key = "-".join(clean_text(key, single_line=True).casefold().split())
    clean_name = clean_text(name, single_line=True)
    if not clean_key or not clean_name:
        raise ValidationError("A capacity area needs a key and a name.")
    writer.append(session, kind="peer.area", entity=f"area:{clean_key}",
                  payload={"key": clean_key, "name": clean_name, "description": clean_text(description)[:2000]})
    return CapacityArea(clean_key, clean_name, description)


def _org_languages(session: Session) -> dict[str, tuple[str, ...]]:
    return {o.id: (o.language,) for o in session.scalars(select(Organisation))}


def list_needs(session: Session) -> list[NeedInfo]:
    languages = _org_languages(session)
    out = []
    for r in _records(session, "need"):
        d = json.loads(r.data_json)
        out.append(NeedInfo(r.id, Need(d["org"], d["area"], d["priority"], d["description"],
                                       tuple(d.get("languages") or languages.get(d["org"], ())))))
    return out


def list_offers(session: Session) -> list[OfferInfo]:
    out = []
    for r in _records(session, "offer"):
        d = json.loads(r.data_json)
        out.append(OfferInfo(r.id, Offer(d["org"], d["area"], d["name"], d["description"],
                                         tuple(d.get("languages", ())), tuple(d.get("formats", ())))))
    return out


def _check_area(session: Session, area: str) -> None:
    if area not in {a.key for a in list_areas(session)}:
        raise ValidationError("'{area}' is not a capacity area of this coalition.", area=area)


def _description(text: str) -> str:
    clean = clean_text(text).strip()
    if not clean:
        raise ValidationError("Describe the need or the offer in a sentence or two.", field="description")
    if len(clean) > MAX_DESCRIPTION:
        raise ValidationError("The description is too long (limit {max_description:,} "
                              "characters).", max_description=MAX_DESCRIPTION)
    return clean


def add_need(session: Session, *, writer: OpWriter, area: str, priority: str, description: str,
             org_id: str = "") -> NeedInfo:
    """Record where an organisation (ours unless given) needs help."""
    org = org_id or writer.profile.org_id
    _check_area(session, area)
    if priority not in PRIORITIES:
        raise ValidationError("The priority must be high, medium or low.")
    if any(n.need.org == org and n.need.area == area for n in list_needs(session)):
        raise ValidationError("This organisation already has a need in that area; change it instead.")
    entity = new_id()
    writer.append(session, kind="peer.need", entity=entity, payload={
        "org": org, "area": area, "priority": priority, "description": _description(description)})
    return next(n for n in list_needs(session) if n.id == entity)


def add_offer(session: Session, *, writer: OpWriter, area: str, name: str, description: str,
              languages: tuple[str, ...] = (), formats: tuple[str, ...] = ("training",),
              org_id: str = "") -> OfferInfo:
    """Record a tool or practice an organisation (ours unless given) can share."""
    org = org_id or writer.profile.org_id
    _check_area(session, area)
    clean_name = clean_text(name, single_line=True)
    if not clean_name:
        raise ValidationError("Give the tool or practice a name.", field="name")
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ValidationError("Formats are: {formats}.", formats=', '.join(FORMATS))
    if any(o.offer.org == org and o.offer.area == area and o.offer.name.casefold() == clean_name.casefold()
           for o in list_offers(session)):
        raise ValidationError("This organisation already offers a tool with that name in that area.")
    own = _org_languages(session).get(org, ())
    entity = new_id()
    writer.append(session, kind="peer.offer", entity=entity, payload={
        "org": org, "area": area, "name": clean_name, "description": _description(description),
        "languages": list(languages or own), "formats": list(formats)})
    return next(o for o in list_offers(session) if o.id == entity)


def remove(session: Session, *, writer: OpWriter, record_id: str) -> None:
    """Withdraw a need, an offer or a pairing (kept in the history)."""
    row = session.get(PeerRecord, record_id)
    if row is None:
        raise NotFoundError("That record does not exist.")
    kind = {"need": "peer.need", "offer": "peer.offer", "pairing": "peer.pairing", "area": "peer.area"}[row.kind]
    writer.append(session, kind=kind, entity=record_id, payload={**json.loads(row.data_json), "removed": True})


def import_csv(session: Session, *, writer: OpWriter, data: bytes) -> tuple[int, int]:
    """The coalition's needs-assessment results: all rows, or none; existing entries are skipped."""
    orgs = list(session.scalars(select(Organisation)))
    parsed = parse_needs_offers(data, org_codes={o.code: o.id for o in orgs}, areas=list_areas(session),
                                org_languages=_org_languages(session))
    have_needs = {(n.need.org, n.need.area) for n in list_needs(session)}
    have_offers = {(o.offer.org, o.offer.area, o.offer.name.casefold()) for o in list_offers(session)}
    needs = offers = 0
    for need in parsed.needs:
        if (need.org, need.area) not in have_needs:
            writer.append(session, kind="peer.need", entity=new_id(), payload={
                "org": need.org, "area": need.area, "priority": need.priority, "description": need.description})
            needs += 1
    for offer in parsed.offers:
        if (offer.org, offer.area, offer.name.casefold()) not in have_offers:
            writer.append(session, kind="peer.offer", entity=new_id(), payload={
                "org": offer.org, "area": offer.area, "name": offer.name, "description": offer.description,
                "languages": list(offer.languages), "formats": list(offer.formats)})
            offers += 1
    return needs, offers


def matches(session: Session) -> dict[tuple[str, str], tuple[Match, ...]]:
    """For each need, the organisations that offer something in that area, best first."""
    return match_needs([n.need for n in list_needs(session)], [o.offer for o in list_offers(session)])


def coverage(session: Session) -> CoverageMatrix:
    orgs = [o.id for o in session.scalars(select(Organisation).order_by(Organisation.code))]
    return coverage_matrix(orgs, [a.key for a in list_areas(session)], [n.need for n in list_needs(session)],
                           [o.offer for o in list_offers(session)])


def list_pairings(session: Session) -> list[Pairing]:
    out = []
    for r in _records(session, "pairing"):
        d = json.loads(r.data_json)
        out.append(Pairing(r.id, d["need_org"], d["offer_org"], d["area"], d["offer_name"]))
    return out


def confirm_pairing(session: Session, *, writer: OpWriter, match: Match) -> Pairing:
    """The convener confirms that one organisation trains another in an area."""
    if any((p.need_org, p.offer_org, p.area) == (match.need_org, match.offer_org, match.area)
           for p in list_pairings(session)):
        raise ValidationError("This pairing is already confirmed.")
    entity = new_id()
    writer.append(session, kind="peer.pairing", entity=entity, payload={
        "org": match.need_org, "need_org": match.need_org, "offer_org": match.offer_org, "area": match.area,
        "offer_name": match.offer_name})
    return next(p for p in list_pairings(session) if p.id == entity)


def overview(session: Session) -> PeerOverview:
    """Organisations, areas, needs, offers, their matches, the heat map and pairings (each read once)."""
    orgs = tuple(OrganisationInfo(o.id, o.name, o.code, o.country, o.language)
                 for o in session.scalars(select(Organisation).order_by(Organisation.code)))
    areas = tuple(list_areas(session))
    needs, offers = tuple(list_needs(session)), tuple(list_offers(session))
    found = match_needs([n.need for n in needs], [o.offer for o in offers])
    matrix = coverage_matrix([o.id for o in orgs], [a.key for a in areas], [n.need for n in needs],
                             [o.offer for o in offers])
    return PeerOverview(orgs, areas, needs, offers, found, matrix, tuple(list_pairings(session)))


def training_plan(session: Session, *, org_id: str, language: str) -> DocModel:
    """One organisation's confirmed pairings as a document: training received, training given.

    Each pairing carries what a reader needs to act on it: the partner and its people, the
    capacity area, the formats and languages of the tool, the need it answers and when it
    was agreed. The writers print the keys in the document's language.
    """
    org = session.get(Organisation, org_id)
    if org is None:
        raise NotFoundError("That organisation is not a member of the coalition.")
    orgs = {o.id: o for o in session.scalars(select(Organisation))}
    people: dict[str, list[DocContact]] = {}
    for person in session.scalars(select(Person).order_by(Person.name)):
        people.setdefault(person.org_id, []).append(DocContact(person.name, person.role))
    areas = {a.key: a.name for a in list_areas(session)}
    needs = {(n.need.org, n.need.area): n.need for n in list_needs(session)}
    offers = {(o.offer.org, o.offer.area, o.offer.name): o.offer for o in list_offers(session)}
    received: list[DocActivity] = []
    given: list[DocActivity] = []
    for record in _records(session, "pairing"):
        d = json.loads(record.data_json)
        need_org, offer_org, area = d["need_org"], d["offer_org"], d["area"]
        if org_id not in (need_org, offer_org):
            continue
        partner = orgs.get(offer_org if need_org == org_id else need_org)
        if partner is None:
            continue
        offer = offers.get((offer_org, area, d.get("offer_name", "")))
        need = needs.get((need_org, area))
        activity = DocActivity(
            number="", direction="receive" if need_org == org_id else "give",
            tool=d.get("offer_name", ""), area=area, area_name=areas.get(area, area),
            partner=partner.name, partner_country=partner.country,
            contacts=tuple(people.get(partner.id, ())),
            formats=offer.formats if offer else (), languages=offer.languages if offer else (),
            need=need.description if need else "", offer=offer.description if offer else "",
            priority=need.priority if need else "", agreed=_date(record.hlc))
        (received if activity.direction == "receive" else given).append(activity)
    coalition = session.scalars(select(Coalition)).first()
    t = labels(language)
    meta = DocMeta(kind="training_plan", title=t["training_plan"],
                   coalition=coalition.name if coalition else "", organisation=org.name,
                   country=org.country, release="", date=dt.date.today().isoformat(),
                   language=language)
    return DocModel(meta=meta, sections=(
        DocSection(t["training_received"], (), tuple(_renumber(received, 1))),
        DocSection(t["training_given"], (), tuple(_renumber(given, 2)))))


def _date(stamp: int) -> str:
    """The day of a hybrid-logical-clock stamp, as an ISO date."""
    ms, _ = unpack(stamp)
    return dt.datetime.fromtimestamp(ms / 1000).date().isoformat()


def _renumber(activities: list[DocActivity], section: int) -> list[DocActivity]:
    return [replace(a, number=f"{section}.{i}") for i, a in enumerate(activities, start=1)]


def as_json(data: Any) -> Any:
    """Plain data for --json output."""
    if isinstance(data, tuple | list):
        return [as_json(x) for x in data]
    if hasattr(data, "__dataclass_fields__"):
        return {k: as_json(getattr(data, k)) for k in data.__dataclass_fields__}
    return data
