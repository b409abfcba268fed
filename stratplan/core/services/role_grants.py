"""Roles in the coalition: who convenes, who coordinates each working group; grant and revoke."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import Organisation, RoleEvent, WorkingGroup
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.writer import OpWriter
from stratplan.core.roles import COORDINATOR, Action, conveners_of, load_roles


@dataclass(frozen=True)
class RoleRow:
    """One organisation holding one role (a coordinator's for one group)."""

    role: str
    org_id: str
    org_code: str
    org_name: str
    group_id: str = ""
    group_name: str = ""


@dataclass(frozen=True)
class IgnoredGrant:
    """A grant or revocation kept in the log that does not count, and why."""

    id: str
    role: str
    org_code: str
    group_name: str
    signer_code: str
    granted: bool


def _names(session: Session) -> dict[str, Organisation]:
    return {o.id: o for o in session.scalars(select(Organisation))}


def list_roles(session: Session) -> list[RoleRow]:
    """Conveners first, then each group's coordinators, by group and code."""
    roles = load_roles(session)
    orgs = _names(session)
    groups = {g.id: g for g in session.scalars(select(WorkingGroup))}

    def row(role: str, org: str, group: str = "") -> RoleRow:
        o = orgs.get(org)
        return RoleRow(role, org, o.code if o else "?", o.name if o else "?", group,
                       groups[group].name if group in groups else "")

    out = sorted((row("convener", org) for org in roles.conveners), key=lambda r: r.org_code)
    for group, members in roles.coordinators.items():
        out.extend(sorted((row(COORDINATOR, org, group) for org in members), key=lambda r: r.org_code))
    return sorted(out, key=lambda r: (r.role != "convener", r.group_name, r.org_code))


def ignored_grants(session: Session) -> list[IgnoredGrant]:
    """Grants and revocations signed by an organisation that is not a convener: kept, not counting."""
    conveners = conveners_of(session)
    orgs = _names(session)
    groups = {g.id: g.name for g in session.scalars(select(WorkingGroup))}

    def code(org: str) -> str:
        return orgs[org].code if org in orgs else "?"

    return [IgnoredGrant(e.id, e.role, code(e.org_id), groups.get(e.group_id, "?"), code(e.signer_org),
                         e.cl % 2 == 1)
            for e in session.scalars(select(RoleEvent).order_by(RoleEvent.hlc, RoleEvent.id))
            if e.signer_org not in conveners]


def set_coordinator(session: Session, *, writer: OpWriter, group_id: str, org_id: str, present: bool) -> bool:
    """Grant (present) or revoke the coordinator's role of a group; False when nothing changes.

    Only a convener may: the rules ignore a grant signed by anyone else on every laptop, so this
    refuses it first, with the reason."""
    action = Action.GRANT_ROLE if present else Action.REVOKE_ROLE
    orgs = _names(session)
    if session.get(WorkingGroup, group_id) is None:
        raise NotFoundError("That working group does not exist.")
    if org_id not in orgs:
        raise NotFoundError("That organisation is not a member of the coalition.")
    roles = load_roles(session)
    me = writer.profile.org_id
    refusal = roles.refusal(me, orgs[me].name if me in orgs else me, action)
    if refusal is not None:
        raise ValidationError(refusal)
    if (org_id in roles.coordinators.get(group_id, frozenset())) == present:
        return False
    # The next causal length after the highest one that counts (a convener's), odd for a grant.
    counted = [e for e in session.scalars(select(RoleEvent).where(RoleEvent.group_id == group_id,
                                                                   RoleEvent.org_id == org_id))
               if e.signer_org in roles.conveners and e.role == COORDINATOR]
    length = max((e.cl for e in counted), default=0) + 1
    writer.append(session, kind="role.grant" if present else "role.revoke", entity=group_id,
                  payload={"org": org_id, "role": COORDINATOR, "cl": length})
    return True



def set_convener(session: Session, *, writer: OpWriter, org_id: str, present: bool,
                 org_key: DeviceIdentity | None = None) -> bool:
    """Make an organisation a convener (present) or no longer one; False when nothing changes.

    A shared coalition names its conveners in its signed roster: a new roster version, signed
    with this convener organisation's key (`org_key`). A store without a roster keeps them as
    signed grants from a convener; there the coalition's creator always convenes."""
    from stratplan.core.roles import CONVENER, founder_of
    from stratplan.core.services.sharing import set_roster_convener
    from stratplan.core.sync.held import genesis_id

    action = Action.GRANT_ROLE if present else Action.REVOKE_ROLE
    orgs = _names(session)
    if org_id not in orgs:
        raise NotFoundError("That organisation is not a member of the coalition.")
    if genesis_id(session):
        if org_key is None:
            raise ValidationError("This coalition is shared: its conveners are named in its signed roster, "
                                  "with the convener organisation's key.")
        return set_roster_convener(session, convener_key=org_key, org_id=org_id, present=present)
    roles = load_roles(session)
    me = writer.profile.org_id
    refusal = roles.refusal(me, orgs[me].name if me in orgs else me, action)
    if refusal is not None:
        raise ValidationError(refusal)
    if not present and org_id == founder_of(session):
        raise ValidationError("{org} created the coalition and always convenes it.", org=orgs[org_id].name)
    if (org_id in roles.conveners) == present:
        return False
    counted = [e for e in session.scalars(select(RoleEvent).where(RoleEvent.role == CONVENER,
                                                                   RoleEvent.org_id == org_id))
               if e.signer_org in roles.conveners]
    length = max((e.cl for e in counted), default=0) + 1
    writer.append(session, kind="role.grant" if present else "role.revoke", entity=writer.profile.coalition_id,
                  payload={"org": org_id, "role": CONVENER, "cl": length})
    return True
