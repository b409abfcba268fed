"""Delegated votes: give one's vote in a round to another member, withdraw it, and the roll call.

A mandate is a signed operation of the giver's organisation on the round; a new one or a
withdrawal names the ones it replaces, so the chain decides which stands. While the round is
open, the standing mandates count (see core/voting/delegation.py for the rules); the signed
close lists the mandates that count, so one given or withdrawn after the close changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import Mandate, Organisation, Round
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.messages import Message, msg
from stratplan.core.oplog.writer import OpWriter
from stratplan.core.services.rounds import BallotInfo, RoundInfo, Tally, get_round, tally
from stratplan.core.voting import delegation as rules

IN_PERSON = "in_person"
BY_DELEGATION = "by_delegation"
ABSENT = "absent"

_REASONS: dict[str, Message] = {
    rules.GIVER_OUTSIDE: msg("the organisation giving its vote is not in this round's electorate"),
    rules.DELEGATE_OUTSIDE: msg("the delegate is not in this round's electorate"),
    rules.CHAIN: msg("the delegate has itself given its vote to another organisation, and this round "
                     "does not pass votes along"),
    rules.CYCLE: msg("the mandates go round in a circle"),
    # The mandate rows' own problems (decided when the operation is reduced).
    "a mandate in another organisation's name": msg("a mandate in another organisation's name"),
    "an organisation cannot give its vote to itself": msg("an organisation cannot give its vote to itself"),
    "late": msg("given or withdrawn after the round closed"),
    "not-listed": msg("the round's close does not count it"),
}


@dataclass(frozen=True)
class MandateInfo:
    """One mandate operation of a round and what it counts for."""

    id: str
    kind: str  # give | withdraw
    org_id: str
    org_code: str
    delegate_org: str
    delegate_code: str
    hlc: int
    # counts | unused (the giver voted itself) | withdrawn | replaced | ignored
    state: str
    reason: Message | None = None


@dataclass(frozen=True)
class RollCallEntry:
    """One organisation of the electorate: how its vote was cast, and through whom."""

    org_id: str
    code: str
    name: str
    weight: Fraction
    how: str  # in_person | by_delegation | absent
    through_code: str = ""  # by delegation: the organisation whose ballot counted for it
    through_name: str = ""
    delegate_code: str = ""  # absent: the delegate it gave its vote to (who did not vote)


def reason_text(key: str) -> Message:
    return _REASONS.get(key, msg("{reason}", reason=key))


def _codes(session: Session) -> dict[str, Organisation]:
    return {o.id: o for o in session.scalars(select(Organisation))}


def _standing_rows(session: Session, row: Round) -> list[Mandate]:
    """The mandates that stand: the ones the close lists, or the current gives while open."""
    rows = session.scalars(select(Mandate).where(Mandate.round_id == row.id).order_by(Mandate.hlc, Mandate.id))
    if row.status == "closed":
        listed = set(row.counted_mandates.split())
        return [m for m in rows if m.id in listed and m.valid and m.kind == "give"]
    return [m for m in rows if m.valid and m.current and m.kind == "give"]


def resolve_round(session: Session, info: RoundInfo, voted: set[str]) -> rules.Resolution:
    """Whose ballot counts for whom in this round, given the organisations whose ballot stands."""
    row = session.get(Round, info.id)
    assert row is not None
    facts = [rules.MandateFact(m.id, m.org_id, m.delegate_org) for m in _standing_rows(session, row)]
    return rules.resolve({v.org_id for v in info.electorate}, voted, facts, chains=info.chains)


def delegated_ballots(info: RoundInfo, standing: list[BallotInfo],
                      resolution: rules.Resolution) -> list[BallotInfo]:
    """The ballots that count by delegation: the delegate's choices, in the giver's name."""
    by_org = {b.org_id: b for b in standing}
    codes = {v.org_id: v.code for v in info.electorate}
    out = []
    for giver, through in sorted(resolution.through.items()):
        b = by_org[through]
        out.append(BallotInfo(id=b.id, org_id=giver, org_code=codes.get(giver, "?"), entered_by=b.org_code,
                              choices=b.choices, valid=True, problem="", effective=True, counted=b.counted,
                              late=False, disagreement=False, hlc=b.hlc))
    return out


def roll_call_of(info: RoundInfo, voted: set[str], resolution: rules.Resolution) -> tuple[RollCallEntry, ...]:
    """Every organisation of the electorate, by code: in person, by delegation (through whom), or not."""
    names = {v.org_id: (v.code, v.name) for v in info.electorate}
    out = []
    for v in sorted(info.electorate, key=lambda v: v.code.casefold()):
        if v.org_id in voted:
            out.append(RollCallEntry(v.org_id, v.code, v.name, v.weight, IN_PERSON))
        elif v.org_id in resolution.through:
            code, name = names[resolution.through[v.org_id]]
            out.append(RollCallEntry(v.org_id, v.code, v.name, v.weight, BY_DELEGATION, code, name))
        else:
            delegate = resolution.unused.get(v.org_id, "")
            out.append(RollCallEntry(v.org_id, v.code, v.name, v.weight, ABSENT,
                                     delegate_code=names[delegate][0] if delegate else ""))
    return tuple(out)


def roll_call_json(entries: tuple[RollCallEntry, ...]) -> list[dict[str, Any]]:
    return [{"org": e.org_id, "code": e.code, "name": e.name, "weight": str(e.weight), "how": e.how,
             "through": e.through_code, "gave_to": e.delegate_code} for e in entries]


def list_mandates(session: Session, *, round_id: str, result: Tally | None = None) -> list[MandateInfo]:
    """Every mandate operation of the round, in order, with what it counts for and why not
    (`result`: the round's count, when the caller has it already)."""
    if result is None:
        result = tally(session, round_id=round_id)  # refuses an unknown round or one that does not count
    row = session.get(Round, round_id)
    assert row is not None
    orgs = _codes(session)
    standing = {m.id for m in _standing_rows(session, row)}
    listed = set(row.counted_mandates.split())

    def code(org: str) -> str:
        return orgs[org].code if org in orgs else "?"

    out = []
    rows = list(session.scalars(select(Mandate).where(Mandate.round_id == round_id)
                                .order_by(Mandate.hlc, Mandate.id)))
    frozen = {m.org_id for m in rows if m.id in listed}  # givers whose mandate the close lists
    for m in rows:
        state, reason = _state(m, row, standing, frozen, result.resolution)
        out.append(MandateInfo(m.id, m.kind, m.org_id, code(m.org_id), m.delegate_org,
                               code(m.delegate_org) if m.delegate_org else "", m.hlc, state, reason))
    return out


def _state(m: Mandate, row: Round, standing: set[str], frozen: set[str],
           resolution: rules.Resolution) -> tuple[str, Message | None]:
    if not m.valid:
        return "ignored", reason_text(m.problem)
    if m.id in resolution.ignored:
        return "ignored", reason_text(resolution.ignored[m.id])
    if m.id in standing:
        return ("unused" if m.org_id not in resolution.through and m.org_id not in resolution.unused
                else "counts"), None
    if row.status == "closed" and m.current:
        # The close decided: a withdrawal of a mandate it lists, or a mandate it does not list.
        if m.kind == "withdraw" and m.org_id in frozen:
            return "ignored", reason_text("late")
        if m.kind == "give":
            return "ignored", reason_text("late" if m.hlc > row.closed_hlc else "not-listed")
    return ("withdrawn" if m.kind == "withdraw" else "replaced"), None


def _open_round(session: Session, round_id: str) -> RoundInfo:
    info = get_round(session, round_id)
    if info.status != "open":
        raise ValidationError("The round '{title}' is closed; votes can no longer be given or withdrawn.",
                              title=info.title)
    return info


def _previous(session: Session, round_id: str, org: str) -> tuple[str, ...]:
    """This organisation's own mandate operations in the round, which a new one replaces."""
    return tuple(session.scalars(select(Mandate.id).where(Mandate.round_id == round_id, Mandate.org_id == org,
                                                          Mandate.valid).order_by(Mandate.id)))


def give_vote(session: Session, *, writer: OpWriter, round_id: str, delegate_org: str) -> MandateInfo:
    """Give this organisation's vote in an open round to another member of its electorate."""
    info = _open_round(session, round_id)
    me = writer.profile.org_id
    orgs = _codes(session)
    if delegate_org not in orgs:
        raise NotFoundError("That organisation is not a member of the coalition.")
    electorate = {v.org_id for v in info.electorate}
    if me not in electorate:
        raise ValidationError("This organisation is not in the round's electorate.")
    if delegate_org == me:
        raise ValidationError("An organisation cannot give its vote to itself.")
    if delegate_org not in electorate:
        raise ValidationError("{org} is not in the round's electorate: it cannot vote for you.",
                              org=orgs[delegate_org].name)
    if not info.chains and any(m.org_id == delegate_org for m in _current(session, round_id)):
        raise ValidationError("{org} has itself given its vote to another organisation: in this round a "
                              "vote is not passed along.", org=orgs[delegate_org].name)
    op = writer.append(session, kind="mandate.give", entity=round_id,
                       payload={"org": me, "delegate": delegate_org}, parents=_previous(session, round_id, me))
    return next(m for m in list_mandates(session, round_id=round_id) if m.id == op.id)


def withdraw_vote(session: Session, *, writer: OpWriter, round_id: str) -> MandateInfo:
    """Take back the vote this organisation gave in an open round."""
    _open_round(session, round_id)
    me = writer.profile.org_id
    if not any(m.org_id == me for m in _current(session, round_id)):
        raise ValidationError("This organisation has not given its vote to anyone in this round.")
    op = writer.append(session, kind="mandate.withdraw", entity=round_id, payload={"org": me},
                       parents=_previous(session, round_id, me))
    return next(m for m in list_mandates(session, round_id=round_id) if m.id == op.id)


def _current(session: Session, round_id: str) -> list[Mandate]:
    return list(session.scalars(select(Mandate).where(Mandate.round_id == round_id, Mandate.valid,
                                                      Mandate.current, Mandate.kind == "give")))


def standing_mandate(mandates: list[MandateInfo] | tuple[MandateInfo, ...], org_id: str) -> MandateInfo | None:
    """The vote this organisation gave and has not withdrawn or replaced (whether it counts or not)."""
    return next((m for m in mandates if m.org_id == org_id and m.kind == "give"
                 and m.state in ("counts", "unused", "ignored")), None)
