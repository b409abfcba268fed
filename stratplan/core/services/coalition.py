"""Coalition set-up: the coalition, its organisations, people and this laptop's profile."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import Coalition, Organisation, Person
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.fields import clean_text
from stratplan.core.messages import Message, msg, plural
from stratplan.core.oplog.writer import OpWriter, new_id
from stratplan.core.services.frame_rows import (
    CoalitionInfo as CoalitionInfo,  # re-exported: services name it here
)
from stratplan.core.services.groups import create_group
from stratplan.core.workspace import save_profile

ROLES = ("director", "facilitator", "convener", "member")

# The three working groups of the Paris meeting, offered to every new coalition.
DEFAULT_GROUPS = (
    (
        "Local and international advocacy and strategy",
        "How to create and keep abolitionist laws at local and international level.",
    ),
    (
        "International strategic advocacy",
        "Raising impact internationally: UN agencies, regional bodies, state diplomacy, "
        "development agencies.",
    ),
    (
        "Individualised peer-to-peer training",
        "Capacity building between members: each organisation's tools meet another's needs.",
    ),
)


@dataclass(frozen=True)
class OrganisationInfo:
    id: str
    name: str
    code: str
    country: str
    language: str


@dataclass(frozen=True)
class PersonInfo:
    id: str
    name: str
    role: str
    org_id: str


def _required(value: str, label: Message, limit: int) -> str:
    text = clean_text(value, single_line=True)
    if not text:
        raise ValidationError("{label} is required.", label=label)
    if len(text) > limit:
        raise ValidationError(plural("{label} is too long ({n} character, limit {limit}).",
                                     "{label} is too long ({n} characters, limit {limit}).",
                                     len(text), label=label, limit=limit))
    return text


def clean_org_fields(*, name: str, code: str, country: str, language: str) -> dict[str, str]:
    """An organisation's fields, checked and tidied; ValidationError names what is wrong."""
    country_code = clean_text(country, single_line=True).upper()
    if len(country_code) != 2 or not country_code.isalpha() or not country_code.isascii():
        raise ValidationError("'{country}' is not a two-letter ISO country code such as LT or "
                              "FR.", country=country)
    lang = clean_text(language, single_line=True).lower()
    if not (2 <= len(lang) <= 3 and lang.isalpha() and lang.isascii()):
        raise ValidationError("'{language}' is not a language code such as en, lt or fr.",
                              language=language)
    return {
        "name": _required(name, msg("The organisation's name"), 200),
        "code": _required(code, msg("The short code"), 16).upper(),
        "country": country_code,
        "language": lang,
    }


def add_organisation(
    session: Session, *, writer: OpWriter, name: str, code: str, country: str, language: str,
    org_id: str | None = None,
) -> OrganisationInfo:
    """Add (or update, with `org_id`) a member organisation."""
    payload = clean_org_fields(name=name, code=code, country=country, language=language)
    entity = org_id or new_id()
    writer.append(session, kind="org.set", entity=entity, payload=payload)
    return OrganisationInfo(id=entity, **payload)


def add_person(
    session: Session, *, writer: OpWriter, name: str, role: str, org_id: str,
    person_id: str | None = None,
) -> PersonInfo:
    """Add (or update) a person of a member organisation."""
    if role not in ROLES:
        raise ValidationError("Role must be one of: {roles}.", roles=', '.join(ROLES))
    if session.get(Organisation, org_id) is None:
        raise NotFoundError("That organisation is not a member of this coalition.")
    payload = {"name": _required(name, msg("The person's name"), 200), "role": role, "org": org_id}
    entity = person_id or new_id()
    writer.append(session, kind="person.set", entity=entity, payload=payload)
    return PersonInfo(id=entity, name=payload["name"], role=role, org_id=org_id)


def create_coalition(
    session: Session,
    *,
    writer: OpWriter,
    name: str,
    description: str = "",
    org_name: str,
    org_code: str,
    country: str,
    language: str,
    person_name: str,
    role: str = "convener",
    default_groups: bool = True,
) -> CoalitionInfo:
    """Start a coalition with this laptop's organisation and person as its first members."""
    coalition_id = new_id()
    writer.profile.coalition_id = coalition_id
    # Every operation, the first included, names the organisation whose laptop signed it.
    writer.profile.org_id = new_id()
    payload = {
        "name": _required(name, msg("The coalition's name"), 200),
        "description": clean_text(description)[:2000],
    }
    writer.append(session, kind="coalition.set", entity=coalition_id, payload=payload)
    org = add_organisation(
        session, writer=writer, name=org_name, code=org_code, country=country, language=language,
        org_id=writer.profile.org_id,
    )
    writer.profile.org_id = org.id
    writer.register_device(session, label="this laptop")
    person = add_person(session, writer=writer, name=person_name, role=role, org_id=org.id)
    writer.profile.person_id = person.id
    save_profile(session, writer.profile)
    if default_groups:
        for position, (group_name, group_description) in enumerate(DEFAULT_GROUPS):
            create_group(
                session, writer=writer, name=group_name, description=group_description,
                position=position,
            )
    return CoalitionInfo(id=coalition_id, **payload)


def coalition_info(session: Session) -> CoalitionInfo | None:
    """The coalition this store belongs to, or None for an empty store."""
    row = session.scalars(select(Coalition)).first()
    return CoalitionInfo(row.id, row.name, row.description) if row else None


def list_organisations(session: Session) -> list[OrganisationInfo]:
    rows = session.scalars(select(Organisation).order_by(Organisation.name))
    return [OrganisationInfo(r.id, r.name, r.code, r.country, r.language) for r in rows]


def list_people(session: Session) -> list[PersonInfo]:
    rows = session.scalars(select(Person).order_by(Person.name))
    return [PersonInfo(r.id, r.name, r.role, r.org_id) for r in rows]
