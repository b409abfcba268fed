"""Who may do what: the one permission table, and the roles of each organisation in a store.

Conveners are named in the trusted, signed roster. Working-group coordinators are granted and
revoked with signed `role.grant`/`role.revoke` operations, which count only when signed by a
convener's organisation. Every rule here is a pure function of the log and the credentials, so
every laptop holding the same ones decides alike: an operation outside its author's role is
kept in the log, shown as not counting, and never deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import RoleEvent, SyncHeld, SyncOp
from stratplan.core.messages import Message, msg

CONVENER = "convener"
COORDINATOR = "coordinator"
MEMBER = "member"


class Action(StrEnum):
    """The actions whose author's role decides whether they count."""

    OPEN_COALITION_ROUND = "open-coalition-round"
    CLOSE_COALITION_ROUND = "close-coalition-round"
    OPEN_GROUP_ROUND = "open-group-round"
    CLOSE_GROUP_ROUND = "close-group-round"
    GRANT_ROLE = "grant-role"
    REVOKE_ROLE = "revoke-role"
    SET_PERIOD = "set-period"
    ARRANGE_PROGRAMME = "arrange-programme"
    CREATE_RELEASE = "create-release"
    VOTE = "vote"
    GIVE_MANDATE = "give-mandate"


# THE permission table: action -> the roles that may do it. "coordinator" means the coordinator
# of the working group the action is about (a group's round); the README shows this table.
PERMISSIONS: dict[Action, frozenset[str]] = {
    Action.OPEN_COALITION_ROUND: frozenset({CONVENER}),
    Action.CLOSE_COALITION_ROUND: frozenset({CONVENER}),
    Action.OPEN_GROUP_ROUND: frozenset({CONVENER, COORDINATOR}),
    Action.CLOSE_GROUP_ROUND: frozenset({CONVENER, COORDINATOR}),
    Action.GRANT_ROLE: frozenset({CONVENER}),
    Action.REVOKE_ROLE: frozenset({CONVENER}),
    Action.SET_PERIOD: frozenset({CONVENER}),
    Action.ARRANGE_PROGRAMME: frozenset({CONVENER}),
    Action.CREATE_RELEASE: frozenset({CONVENER}),
    # Members of the round's electorate; the electorate itself is checked by the round's rules.
    Action.VOTE: frozenset({MEMBER}),
    Action.GIVE_MANDATE: frozenset({MEMBER}),
}

_ACTION_WORDS: dict[Action, Message] = {
    Action.OPEN_COALITION_ROUND: msg("open a coalition-wide round"),
    Action.CLOSE_COALITION_ROUND: msg("close a coalition-wide round"),
    Action.OPEN_GROUP_ROUND: msg("open a working group's round"),
    Action.CLOSE_GROUP_ROUND: msg("close a working group's round"),
    Action.GRANT_ROLE: msg("grant a role"),
    Action.REVOKE_ROLE: msg("revoke a role"),
    Action.SET_PERIOD: msg("set the reporting periods"),
    Action.ARRANGE_PROGRAMME: msg("arrange the programme"),
    Action.CREATE_RELEASE: msg("create a release"),
    Action.VOTE: msg("vote"),
    Action.GIVE_MANDATE: msg("give its vote to another organisation"),
}


def action_words(action: Action) -> Message:
    return _ACTION_WORDS[action]


@dataclass(frozen=True)
class Roles:
    """The conveners and each working group's coordinators, as this store's log and roster say."""

    conveners: frozenset[str]
    coordinators: dict[str, frozenset[str]] = field(default_factory=dict)  # group id -> org ids

    def roles_of(self, org: str, group: str = "") -> frozenset[str]:
        held = {MEMBER}
        if org in self.conveners:
            held.add(CONVENER)
        if group and org in self.coordinators.get(group, frozenset()):
            held.add(COORDINATOR)
        return frozenset(held)

    def may(self, org: str, action: Action, group: str = "") -> bool:
        return bool(PERMISSIONS[action] & self.roles_of(org, group))

    def refusal(self, org: str, org_name: str, action: Action, group: str = "") -> Message | None:
        """Why `org` may not do `action` (None when it may): the message people see."""
        if self.may(org, action, group):
            return None
        if COORDINATOR in PERMISSIONS[action]:
            return msg("{org} may not {action}: only a convener or the group's coordinator may.",
                       org=org_name, action=action_words(action))
        return msg("{org} may not {action}: it is not a convener.", org=org_name, action=action_words(action))


def round_action(group_id: str, *, closing: bool = False) -> Action:
    """The action opening (or closing) a round is: a working group's round when it names a group."""
    if group_id:
        return Action.CLOSE_GROUP_ROUND if closing else Action.OPEN_GROUP_ROUND
    return Action.CLOSE_COALITION_ROUND if closing else Action.OPEN_COALITION_ROUND


def coordinators_from(events: Iterable[RoleEvent], conveners: frozenset[str]) -> dict[str, frozenset[str]]:
    """Coordinators per group: a causal-length set over the grants signed by a convener.

    Grants and revocations signed by anyone else are ignored, so they cannot lengthen a chain
    either; the highest length wins and an odd one means the role is held."""
    lengths: dict[tuple[str, str], int] = {}
    for event in events:
        if event.signer_org not in conveners or event.role != COORDINATOR:
            continue
        key = (event.group_id, event.org_id)
        lengths[key] = max(lengths.get(key, 0), event.cl)
    out: dict[str, set[str]] = {}
    for (group, org), cl in lengths.items():
        if cl % 2 == 1:
            out.setdefault(group, set()).add(org)
    return {group: frozenset(orgs) for group, orgs in out.items()}


def founder_of(session: Session) -> str:
    """The organisation that signed the coalition's first description (by clock, then id)."""
    from stratplan.core.oplog.ops import from_stored

    row = session.execute(
        select(SyncOp.id, SyncOp.body, SyncOp.sig).where(SyncOp.kind == "coalition.set",
                                                         SyncOp.id.not_in(select(SyncHeld.op_id)))
        .order_by(SyncOp.hlc, SyncOp.id).limit(1)).first()
    return from_stored(row.id, row.body, row.sig).org if row else ""


def conveners_of(session: Session) -> frozenset[str]:
    """The conveners in the trusted roster.

    A store made with `stratplan setup` alone has no roster: there the coalition's creating
    organisation is its convener (the first organisation of every store that shares it), with
    the organisations a convener made conveners by a signed grant."""
    from stratplan.core.sync.held import load_trust

    trust = load_trust(session)
    if trust is not None:
        return trust.conveners
    founder = founder_of(session)
    if not founder:
        return frozenset()
    events = list(session.scalars(select(RoleEvent).where(RoleEvent.role == CONVENER)))
    return granted_conveners(founder, events)


def granted_conveners(founder: str, events: Iterable[RoleEvent]) -> frozenset[str]:
    """The founder, and the organisations a convener made conveners (a causal-length set).

    A grant or revocation counts when its signer convenes at that point of the log, taken in
    clock order (then id), so every laptop holding the same grants finds the same conveners,
    and a convener who steps down (revokes itself) stops convening whatever else was granted.
    The founder always convenes."""
    lengths: dict[str, int] = {}
    current = {founder}
    for event in sorted(events, key=lambda e: (e.hlc, e.id)):
        if event.signer_org not in current or event.org_id == founder:
            continue
        lengths[event.org_id] = max(lengths.get(event.org_id, 0), event.cl)
        if lengths[event.org_id] % 2 == 1:
            current.add(event.org_id)
        else:
            current.discard(event.org_id)
    return frozenset(current)


def org_name(session: Session, org: str) -> str:
    """The organisation's name for a message (its id when the store does not know it)."""
    from stratplan.core.db.models import Organisation

    row = session.get(Organisation, org)
    return row.name if row is not None else org


def check(session: Session, roles: Roles, org: str, action: Action, group: str = "") -> None:
    """Refuse, with the reason people see, an action the rules would not count."""
    from stratplan.core.errors import ValidationError

    refusal = roles.refusal(org, org_name(session, org), action, group)
    if refusal is not None:
        raise ValidationError(refusal)


def load_roles(session: Session) -> Roles:
    conveners = conveners_of(session)
    return Roles(conveners, coordinators_from(session.scalars(select(RoleEvent)), conveners))
