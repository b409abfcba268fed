"""Operation kinds: one registry naming every kind and the shape of its payload.

`Kind` lists every kind this version writes and understands; `SCHEMAS` gives each one a
payload schema (required and optional keys, and their Python types). A payload is checked
against its schema before any reducer sees it: when this laptop writes an operation
(`OpWriter.append`) and when one arrives (`importer.import_ops`). A reducer may therefore
index the payload as its schema promises, and a reducer that still fails is a bug, not a bad
file.

To add a kind: add a `Kind` member, its schema in `SCHEMAS` (the import-time check below
fails without one), and handle it in its family's reducer (`reducers.FAMILIES`); a new family
also needs a `Family` entry there and a line in `changes._FAMILY_FIELD`/`_FAMILY_FLAG`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from stratplan.core.errors import BadOperationError
from stratplan.core.fields import FIELD_NAMES, INDICATOR_KEYS
from stratplan.core.messages import Message, msg


class Kind(StrEnum):
    """Every operation kind: "family.verb"; the family names the reducer that reads it."""

    COALITION_SET = "coalition.set"
    ORG_SET = "org.set"
    PERSON_SET = "person.set"
    GROUP_SET = "group.set"
    GROUP_MEMBER = "group.member"
    PROPOSAL_REVISE = "proposal.revise"
    COMMENT_ADD = "comment.add"
    COMMENT_RETRACT = "comment.retract"
    COMMENT_RESTORE = "comment.restore"
    ROUND_OPEN = "round.open"
    ROUND_BALLOT = "round.ballot"
    ROUND_CLOSE = "round.close"
    PROGRAMME_LAYOUT = "programme.layout"
    RELEASE_CREATE = "release.create"
    LOCALPLAN_START = "localplan.start"
    LOCALPLAN_DECIDE = "localplan.decide"
    LOCALPLAN_LOCAL_POINT = "localplan.local_point"
    LOCALPLAN_REBASE = "localplan.rebase"
    PEER_AREA = "peer.area"
    PEER_NEED = "peer.need"
    PEER_OFFER = "peer.offer"
    PEER_PAIRING = "peer.pairing"
    # Overlap review (issue 14): one entity per pair of proposals, see overlap_reducer.py.
    OVERLAP_DISMISS = "overlap.dismiss"
    OVERLAP_REVIEW_AGAIN = "overlap.review_again"
    OVERLAP_RELATE = "overlap.relate"
    OVERLAP_UNRELATE = "overlap.unrelate"
    MERGE_CREATE = "merge.create"
    MERGE_UNDO = "merge.undo"
    # Progress reports (issue 18): periods set by the coalition, reports by each organisation.
    PERIOD_SET = "period.set"
    PROGRESS_REPORT = "progress.report"
    # Roles and delegated votes (issue 17): see core/roles.py and mandate_reducer.py.
    ROLE_GRANT = "role.grant"
    ROLE_REVOKE = "role.revoke"
    MANDATE_GIVE = "mandate.give"
    MANDATE_WITHDRAW = "mandate.withdraw"
    # Amendments (issue 17): one entity per amendment, see amend_reducer.py.
    AMEND_PROPOSE = "amend.propose"
    AMEND_DECIDE = "amend.decide"

    @property
    def family(self) -> str:
        """The kind's first part: proposal, comment, group, ..."""
        return self.value.split(".", 1)[0]


# ---------------------------------------------------------------- schema language


class AnyJson:
    """Any JSON value (the reducer judges it itself, as a ballot's choices)."""


ANY = AnyJson()


@dataclass(frozen=True)
class ListOf:
    """A JSON array whose items all fit `item`."""

    item: Spec


@dataclass(frozen=True)
class MapOf:
    """A JSON object with any keys, whose values all fit `value`."""

    value: Spec


@dataclass(frozen=True)
class Obj:
    """A JSON object with named keys.

    Unknown keys are refused when this laptop writes (a typo is a bug); on arrival they are
    ignored, so a newer StratPlan may add optional keys, unless the object is `closed`
    (plan-point fields: an unknown field would reach the editor and block every later save).
    """

    required: Mapping[str, Spec] = field(default_factory=dict)
    optional: Mapping[str, Spec] = field(default_factory=dict)
    closed: bool = False


@dataclass(frozen=True)
class Text:
    """A string of at most `limit` characters, refused when it holds a control character
    (newlines and tabs are allowed when `lines`) or an invisible bidi override."""

    limit: int
    lines: bool = False


# A Python type (or a tuple of them), or one of the structures above.
Spec = type | tuple[type, ...] | AnyJson | ListOf | MapOf | Obj | Text

_TYPE_WORDS = {str: msg("text"), int: msg("a whole number"), bool: msg("true or false"),
               type(None): msg("empty")}


def _type_word(kind: type) -> Message | str:
    return _TYPE_WORDS.get(kind, kind.__name__)


def _describe(value: object) -> Message | str:
    if isinstance(value, Mapping):
        return msg("an object")
    if isinstance(value, list | tuple):
        return msg("a list")
    return _type_word(type(value))


def _must_be(wanted: Message | str, value: object) -> Message:
    return msg("must be {wanted}, not {actual}", wanted=wanted, actual=_describe(value))


def _fits_type(value: object, types: tuple[type, ...]) -> bool:
    # bool is an int in Python, never in a payload.
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)


# Where a problem is, built only when there is one: the key or index at each level, innermost
# first (checking every payload of a 10,000-operation import would otherwise format a path
# for every key that fits).
Where = list[str | int]
Problem = tuple[Where, Message]


def _path(where: Where) -> str:
    """"fields.indicators[0].name" from the innermost-first parts."""
    out = ""
    for part in reversed(where):
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _problem(spec: Spec, value: object, writing: bool) -> Problem | None:
    """(where, what is wrong) for the first part of `value` that does not fit, else None."""
    if isinstance(spec, type):
        # The common case first: a plain type. bool is an int in Python, never in a payload.
        if type(value) is spec or (isinstance(value, spec) and not isinstance(value, bool)):
            return None
        if spec is bool and isinstance(value, bool):
            return None
        return [], _must_be(_type_word(spec), value)
    if isinstance(spec, AnyJson):
        return None
    if isinstance(spec, Text):
        return _text_problem(spec, value)
    if isinstance(spec, tuple):
        if _fits_type(value, spec):
            return None
        wanted: Message | str = _type_word(spec[0])
        for other in spec[1:]:
            wanted = msg("{first} or {second}", first=wanted, second=_type_word(other))
        return [], _must_be(wanted, value)
    if isinstance(spec, ListOf):
        if not isinstance(value, list | tuple):
            return [], _must_be(msg("a list"), value)
        for index, item in enumerate(value):
            found = _problem(spec.item, item, writing)
            if found:
                found[0].append(index)
                return found
        return None
    if not isinstance(value, Mapping):
        return [], _must_be(msg("an object"), value)
    if isinstance(spec, MapOf):
        for key, item in value.items():
            found = _problem(spec.value, item, writing)
            if found:
                found[0].append(str(key))
                return found
        return None
    return _object_problem(spec, value, writing)


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _text_problem(spec: Text, value: object) -> Problem | None:
    if not isinstance(value, str):
        return [], _must_be(msg("text"), value)
    if len(value) > spec.limit:
        return [], msg("is longer than {limit} characters", limit=f"{spec.limit:,}")
    if (_CONTROLS if spec.lines else _CONTROLS_ONE_LINE).search(value):
        return [], msg("holds a control character")
    return None


def _object_problem(spec: Obj, value: Mapping[Any, object], writing: bool) -> Problem | None:
    for key in spec.required:
        if key not in value:
            return [key], msg("is missing")
    for key, item in value.items():
        sub = spec.required.get(key) if isinstance(key, str) else None
        if sub is None and isinstance(key, str):
            sub = spec.optional.get(key)
        if sub is None:
            if writing or spec.closed:
                return [str(key)], msg("is not a known key")
            continue
        if type(item) is sub:
            continue  # a plain type that fits: most keys of most payloads, without a call
        found = _problem(sub, item, writing)
        if found:
            found[0].append(key)
            return found
    return None


# ---------------------------------------------------------------- the schemas

_TEXT = str
_IDS = ListOf(str)
_INDICATOR = Obj(optional={k: str for k in INDICATOR_KEYS}, closed=True)
_FIELD_TYPES: dict[str, Spec] = {
    **{name: str for name in FIELD_NAMES},
    "actions": ListOf(str),
    "tags": ListOf(str),
    "indicators": ListOf(_INDICATOR),
    "deleted": bool,
}
# A plan point's fields: every key optional (missing ones take their default), none unknown.
FIELDS = Obj(optional=_FIELD_TYPES, closed=True)
_POINT_FIELDS = MapOf(ANY)  # frozen copies of fields (releases, local points): shown, not reduced
_SECTION = Obj(required={"id": str, "title": str, "points": _IDS})
_RELEASE_POINT = Obj(required={"id": str, "number": str, "revision": str, "fields": _POINT_FIELDS})
_RELEASE_SECTION = Obj(required={"title": str, "points": ListOf(_RELEASE_POINT)})
_PEER_COMMON: dict[str, Spec] = {"org": str, "area": str, "removed": bool}
_OVERLAP_PAIR = Obj(required={"a": str, "b": str, "cl": int})

SCHEMAS: dict[Kind, Obj] = {
    Kind.COALITION_SET: Obj(required={"name": str}, optional={"description": str}),
    Kind.ORG_SET: Obj(required={"name": str, "code": str, "country": str, "language": str},
                      optional={"removed": bool}),
    Kind.PERSON_SET: Obj(required={"name": str, "role": str, "org": str}, optional={"removed": bool}),
    Kind.GROUP_SET: Obj(required={"name": str},
                        optional={"description": str, "position": int, "archived": bool}),
    Kind.GROUP_MEMBER: Obj(required={"org": str, "cl": int}),
    Kind.PROPOSAL_REVISE: Obj(required={"fields": FIELDS}, optional={"note": str, "amendments": _IDS}),
    Kind.COMMENT_ADD: Obj(required={"proposal": str, "text": str},
                          optional={"reply_to": (str, type(None))}),
    Kind.COMMENT_RETRACT: Obj(),
    Kind.COMMENT_RESTORE: Obj(),
    Kind.ROUND_OPEN: Obj(
        required={"title": str, "method": str, "threshold": str, "quorum": str, "basis": str,
                  "proposals": ListOf(Obj(required={"id": str, "revision": str, "title": str})),
                  "electorate": ListOf(Obj(required={"org": str, "weight": str}))},
        optional={"closes": str, "group": str, "live_results": bool, "chains": bool}),
    Kind.ROUND_BALLOT: Obj(required={"org": str, "choices": ANY}, optional={"proxy": bool}),
    Kind.ROUND_CLOSE: Obj(required={"counted": _IDS}, optional={"order": ListOf(_IDS), "mandates": _IDS}),
    Kind.PROGRAMME_LAYOUT: Obj(required={"sections": ListOf(_SECTION)}),
    Kind.RELEASE_CREATE: Obj(required={"name": str, "sections": ListOf(_RELEASE_SECTION)}),
    Kind.LOCALPLAN_START: Obj(required={"org": str, "release": str}, optional={"title": str}),
    Kind.LOCALPLAN_DECIDE: Obj(required={"point": str, "decision": str},
                               optional={"local": MapOf(ANY), "reason": str, "based_on": str}),
    Kind.LOCALPLAN_LOCAL_POINT: Obj(required={"id": str, "fields": _POINT_FIELDS},
                                    optional={"deleted": bool}),
    Kind.LOCALPLAN_REBASE: Obj(required={"release": str}),
    Kind.PEER_AREA: Obj(required={"key": str, "name": str},
                        optional={"description": str, **_PEER_COMMON}),
    Kind.PEER_NEED: Obj(required={"org": str, "area": str},
                        optional={"priority": str, "description": str, **_PEER_COMMON}),
    Kind.PEER_OFFER: Obj(required={"org": str, "area": str, "name": str},
                         optional={"description": str, "languages": _IDS, "formats": _IDS,
                                   **_PEER_COMMON}),
    Kind.PEER_PAIRING: Obj(required={"org": str, "need_org": str, "offer_org": str, "area": str},
                           optional={"offer_name": str, **_PEER_COMMON}),
    # a < b (proposal ids); cl is the pair's causal length for that relation (odd = on).
    Kind.OVERLAP_DISMISS: _OVERLAP_PAIR,
    Kind.OVERLAP_REVIEW_AGAIN: _OVERLAP_PAIR,
    Kind.OVERLAP_RELATE: _OVERLAP_PAIR,
    Kind.OVERLAP_UNRELATE: _OVERLAP_PAIR,
    Kind.MERGE_CREATE: Obj(required={"target": str, "sources": _IDS},
                           optional={"source_heads": MapOf(str)}),
    Kind.MERGE_UNDO: Obj(),
    Kind.PERIOD_SET: Obj(required={"name": str, "start": str, "end": str},
                         optional={"due": str, "removed": bool}),
    Kind.PROGRESS_REPORT: Obj(
        required={"org": str, "plan": str, "point": str, "period": str, "status": str},
        optional={"reason": str, "narrative": str, "evidence": _IDS,
                  "values": ListOf(Obj(required={"indicator": str, "value": str, "unit": str,
                                                 "date": str}, optional={"source": str}))}),
    # The entity is the working group; cl is the (group, org, role) causal length (odd = holds it).
    Kind.ROLE_GRANT: Obj(required={"org": str, "role": str, "cl": int}),
    Kind.ROLE_REVOKE: Obj(required={"org": str, "role": str, "cl": int}),
    # The entity is the round; a giver's mandates chain through their parents, as re-votes do.
    Kind.MANDATE_GIVE: Obj(required={"org": str, "delegate": str}),
    Kind.MANDATE_WITHDRAW: Obj(required={"org": str}),
    # The entity is the amendment; its parent is the revision it amends. [start, end) is the
    # passage `old` of that revision's body, replaced by `text` (empty for a deletion).
    Kind.AMEND_PROPOSE: Obj(required={"proposal": Text(64), "revision": Text(64), "change": Text(16),
                                      "start": int, "end": int, "old": Text(200_000, lines=True),
                                      "text": Text(20_000, lines=True), "reason": Text(5_000, lines=True)}),
    # Its parents: the amendment's own amend.propose and the decisions its author saw.
    Kind.AMEND_DECIDE: Obj(required={"decision": Text(16)},
                           optional={"text": Text(20_000, lines=True), "reason": Text(5_000, lines=True),
                                     "by": Text(64)}),
}

_missing = set(Kind) - set(SCHEMAS)
assert not _missing, f"operation kinds without a payload schema: {sorted(_missing)}"


def known(kind: str) -> Kind | None:
    """The Kind named `kind`, or None for a kind this version does not know."""
    try:
        return Kind(kind)
    except ValueError:
        return None


def payload_problem(kind: str, payload: object, *, writing: bool) -> tuple[str, Message] | None:
    """(key, what is wrong) when `payload` does not fit `kind`'s schema, else None.

    An unknown kind is refused when writing; on arrival it is stored but never reduced (it
    may come from a newer StratPlan), so it has nothing to fit."""
    member = known(kind)
    if member is None:
        return ("", msg("is not a kind of operation this version knows")) if writing else None
    found = _problem(SCHEMAS[member], payload, writing)
    return None if found is None else (_path(found[0]), found[1])


def check_payload(kind: str, payload: object, *, writing: bool = True) -> None:
    """Raise BadOperationError naming the kind and the bad key unless `payload` fits `kind`."""
    found = payload_problem(kind, payload, writing=writing)
    if found is None:
        return
    key, what = found
    if not key and known(kind) is None:
        raise BadOperationError("'{kind}' {what}.", what=what, kind=kind, key=key)
    raise BadOperationError("A {kind} operation's {part} {what}.",
                            part=key or msg("payload"), what=what, kind=kind, key=key)
