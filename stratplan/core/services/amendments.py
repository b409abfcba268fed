"""Amendments to proposals: propose, read (with their state on the current text), decide.

An amendment changes one passage of one revision's body. Who may decide on it: the proposal's
owners (its organisation and the organisations whose proposals were merged into it) and its
working group's coordinator (core/roles.py). A decision signed by anyone else is kept and shown,
but does not count; this is judged here, on reading, from the same derived rows on every laptop,
so the outcome does not depend on the order operations arrived in.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.amend.inline import inline_runs
from stratplan.core.amend.lines import number_lines
from stratplan.core.amend.locate import MAX_REASON, MAX_TEXT, clean_input, describe_lines, locate
from stratplan.core.amend.passages import Change, carry, competes
from stratplan.core.db.models import (
    Amendment,
    AmendmentDecision,
    Organisation,
    Person,
    Proposal,
    Revision,
    SyncOp,
)
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.messages import msg
from stratplan.core.oplog.writer import OpWriter, new_id
from stratplan.core.roles import COORDINATOR, load_roles
from stratplan.core.services import proposals

# What an amendment's standing decision makes of it, before the text moves on.
OPEN, ACCEPTED, MODIFIED, REJECTED, ASIDE = "open", "accept", "modify", "reject", "aside"
# Its state as people see it.
STATES = ("open", "accepted", "rejected", "set-aside", "merged", "outdated", "invalid")


@dataclass(frozen=True)
class Segment:
    """A run of an amendment's passage shown inline: equal, delete (struck) or insert (underlined)."""

    kind: str
    text: str


@dataclass(frozen=True)
class DecisionInfo:
    id: str
    decision: str
    text: str
    reason: str
    by: str
    org_id: str
    organisation: str
    author: str
    hlc: int
    counts: bool
    parents: tuple[str, ...]


@dataclass(frozen=True)
class AmendmentInfo:
    """One amendment, with its decisions and where it stands on the proposal's current text."""

    id: str
    proposal_id: str
    revision_id: str
    change: str
    first_line: int
    last_line: int
    old: str
    proposed_text: str
    # The text that goes in: the proposed one, or the decider's modification of it.
    text: str
    reason: str
    org_id: str
    organisation: str
    author: str
    hlc: int
    decision: str
    state: str
    merged_in: str
    # Where its passage lies in the current text ([start, end); -1 when outdated or invalid).
    current_start: int
    current_end: int
    current_first: int
    current_last: int
    segments: tuple[Segment, ...]
    decisions: tuple[DecisionInfo, ...]
    # Open or accepted amendments that change the same passage of the current text.
    competes_with: tuple[str, ...] = ()

    @property
    def pending(self) -> bool:
        """Accepted, still applicable, not yet in the text: waiting to be merged."""
        return self.state == "accepted" and self.current_start >= 0


def deciders(session: Session, proposal_id: str) -> frozenset[str]:
    """The organisations whose decisions on this proposal's amendments count."""
    row = session.get(Proposal, proposal_id)
    if row is None:
        return frozenset()
    merged = proposals.merge_map(session)
    sources = [p for p, survivor in merged.items() if survivor == proposal_id]
    owners = {row.org_id, *session.scalars(select(Proposal.org_id).where(Proposal.id.in_(sources)))}
    roles = load_roles(session)
    coordinators = {org for org in roles.coordinators.get(row.group_id, frozenset())
                    if COORDINATOR in roles.roles_of(org, row.group_id)}
    return frozenset(owners | coordinators)


def check_decider(session: Session, *, writer: OpWriter, proposal_id: str) -> None:
    """Refuse, with the reason, a decision this laptop's organisation may not take."""
    if writer.profile.org_id not in deciders(session, proposal_id):
        raise ValidationError("Your organisation may not decide on this proposal's amendments: only the "
                              "proposal's organisations or its working group's coordinator may.")


def _standing(decisions: list[DecisionInfo]) -> DecisionInfo | None:
    """The counting decision no later counting decision replaced; concurrent ones: later (clock, id)."""
    counting = [d for d in decisions if d.counts]
    ids = {d.id for d in counting}
    replaced = {p for d in counting for p in d.parents if p in ids}
    heads = [d for d in counting if d.id not in replaced]
    return max(heads, key=lambda d: (d.hlc, d.id)) if heads else None


def _revision_bodies(session: Session, ids: set[str]) -> dict[str, tuple[str, list[str]]]:
    """Revision id -> (its body, the amendments it names as merged)."""
    out: dict[str, tuple[str, list[str]]] = {}
    for oid, body in session.execute(select(SyncOp.id, SyncOp.body).where(SyncOp.id.in_(list(ids)))):
        payload = json.loads(body)["payload"]
        out[oid] = (str(payload["fields"].get("body", "")), list(payload.get("amendments", [])))
    return out


@dataclass
class _Context:
    """What judging the amendments of one proposal needs, read once."""

    current: str
    revisions: set[str]
    bodies: dict[str, tuple[str, list[str]]]
    merged_in: dict[str, str]
    deciders: frozenset[str]
    orgs: dict[str, str]
    people: dict[str, str]


def _context(session: Session, proposal_id: str, extra: set[str]) -> _Context:
    revisions = set(session.scalars(select(Revision.id).where(Revision.proposal_id == proposal_id)))
    bodies = _revision_bodies(session, revisions | extra)
    merged_in: dict[str, str] = {}
    hlcs = dict(session.execute(select(Revision.id, Revision.hlc).where(Revision.proposal_id == proposal_id)).all())
    for rev in sorted(revisions, key=lambda r: (hlcs.get(r, 0), r)):
        for amendment in bodies.get(rev, ("", []))[1]:
            merged_in.setdefault(amendment, rev)
    return _Context(
        current=proposals.get_proposal(session, proposal_id).fields["body"], revisions=revisions, bodies=bodies,
        merged_in=merged_in, deciders=deciders(session, proposal_id),
        orgs=dict(session.execute(select(Organisation.id, Organisation.code)).all()),
        people=dict(session.execute(select(Person.id, Person.name)).all()))


def inline_segments(old: str, new: str) -> list[Segment]:
    """In reading order: what stays, what goes (struck), what comes (underlined); a rewritten
    clause as one deletion and one insertion (core/amend/inline.py)."""
    return [Segment(kind, text) for kind, text in inline_runs(old, new)]


def _segments(body: str, start: int, end: int, text: str) -> tuple[Segment, ...]:
    """The lines around the passage, with its deletion struck and its insertion underlined."""
    line_start = body.rfind("\n", 0, start) + 1
    line_end = body.find("\n", end)
    line_end = len(body) if line_end < 0 else line_end
    out = [Segment("equal", body[line_start:start]), *inline_segments(body[start:end], text),
           Segment("equal", body[end:line_end])]
    return tuple(s for s in out if s.text)


def _decision_infos(session: Session, amendment_id: str, ctx: _Context) -> list[DecisionInfo]:
    out = []
    for d in session.scalars(select(AmendmentDecision).where(AmendmentDecision.amendment_id == amendment_id)
                             .order_by(AmendmentDecision.hlc, AmendmentDecision.id)):
        out.append(DecisionInfo(d.id, d.decision, d.text, d.reason, d.by, d.org_id, ctx.orgs.get(d.org_id, ""),
                                ctx.people.get(d.author_id, ""), d.hlc, d.org_id in ctx.deciders,
                                tuple(d.parents.split())))
    return out


def _info(session: Session, row: Amendment, ctx: _Context) -> AmendmentInfo:
    decisions = _decision_infos(session, row.id, ctx)
    standing = _standing(decisions)
    decision = standing.decision if standing else OPEN
    text = standing.text if standing and decision == MODIFIED else row.text
    body = ctx.bodies.get(row.revision_id, ("", []))[0]
    valid = (row.revision_id in ctx.revisions and 0 <= row.start <= row.end <= len(body)
             and body[row.start:row.end] == row.old and (row.start < row.end or row.change == "insert"))
    first, last = describe_lines(body, Change(row.start, row.end, text)) if valid else (0, 0)
    # Merged once a revision names it and someone with the right accepted it: a rejection made
    # elsewhere without seeing the merge does not take the words back out of the text.
    accepted = any(d.counts and d.decision in (ACCEPTED, MODIFIED) for d in decisions)
    merged = ctx.merged_in.get(row.id, "") if accepted else ""
    where = carry(body, ctx.current, row.start, row.end) if valid and not merged else None
    state = {OPEN: "open", ACCEPTED: "accepted", MODIFIED: "accepted", REJECTED: "rejected",
             ASIDE: "set-aside"}[decision]
    if not valid:
        state = "invalid"
    elif merged:
        state = "merged"
    elif where is None and state in ("open", "accepted"):
        state = "outdated"
    cur_first, cur_last = describe_lines(ctx.current, Change(where[0], where[1], text)) if where else (0, 0)
    return AmendmentInfo(
        id=row.id, proposal_id=row.proposal_id, revision_id=row.revision_id, change=row.change,
        first_line=first, last_line=last, old=row.old, proposed_text=row.text, text=text, reason=row.reason,
        org_id=row.org_id, organisation=ctx.orgs.get(row.org_id, ""), author=ctx.people.get(row.author_id, ""),
        hlc=row.hlc, decision=decision, state=state, merged_in=merged,
        current_start=where[0] if where else -1, current_end=where[1] if where else -1,
        current_first=cur_first, current_last=cur_last,
        segments=_segments(body, row.start, row.end, text) if valid else (), decisions=tuple(decisions))


def list_amendments(session: Session, *, proposal_id: str) -> list[AmendmentInfo]:
    """Every amendment of a proposal, in the order of the passages they change, then by clock."""
    rows = list(session.scalars(select(Amendment).where(Amendment.proposal_id == proposal_id)))
    if not rows:
        return []
    ctx = _context(session, proposal_id, {r.revision_id for r in rows})
    infos = _with_rivals([_info(session, row, ctx) for row in rows])
    return sorted(infos, key=lambda a: (a.current_start < 0, a.current_start, a.hlc, a.id))


def _with_rivals(infos: list[AmendmentInfo]) -> list[AmendmentInfo]:
    live = [a for a in infos if a.state in ("open", "accepted") and a.current_start >= 0]
    changes = {a.id: Change(a.current_start, a.current_end, a.text) for a in live}
    rivals = {a.id: tuple(b.id for b in live if b.id != a.id and competes(changes[a.id], changes[b.id]))
              for a in live}
    return [dataclasses.replace(a, competes_with=rivals[a.id]) if rivals.get(a.id) else a for a in infos]


def get_amendment(session: Session, amendment_id: str) -> AmendmentInfo:
    wanted = resolve_amendment_id(session, amendment_id)
    row = session.get(Amendment, wanted)
    assert row is not None
    return next(a for a in list_amendments(session, proposal_id=row.proposal_id) if a.id == wanted)


def resolve_amendment_id(session: Session, prefix: str) -> str:
    """The full id of the amendment whose id starts with `prefix`."""
    prefix = prefix.strip().lower()
    return proposals.resolve_prefix(
        session, Amendment.id, prefix, short=msg("Give at least the first 4 characters of the amendment id."),
        missing=msg("No amendment id starts with '{prefix}'.", prefix=prefix),
        several=msg("More than one amendment id starts with '{prefix}'; give more characters.", prefix=prefix))


@dataclass(frozen=True)
class NumberedLine:
    number: int
    text: str


def numbered_text(session: Session, *, proposal_id: str, revision_id: str = "") -> list[NumberedLine]:
    """The numbered lines of a revision's body (the current text without a revision)."""
    if revision_id:
        body = _revision_body(session, proposal_id, revision_id)
    else:
        body = proposals.get_proposal(session, proposal_id).fields["body"]
    return [NumberedLine(line.number, line.text) for line in number_lines(body)]


def _revision_body(session: Session, proposal_id: str, revision_id: str) -> str:
    row = session.get(Revision, revision_id)
    if row is None or row.proposal_id != proposal_id:
        raise NotFoundError("Revision '{revision}' is not a revision of this proposal in this store.",
                            revision=revision_id[:12])
    return str(proposals.revision_fields(session, revision_id)["body"])


def propose_amendment(session: Session, *, writer: OpWriter, proposal_id: str, change: str, reason: str,
                      text: str = "", first: int = 0, last: int = 0, passage: str = "",
                      revision_id: str = "") -> AmendmentInfo:
    """Propose a change to one passage of a revision (the proposal's current one by default)."""
    row = session.get(Proposal, proposal_id)
    if row is None:
        raise NotFoundError("That proposal does not exist in this store.")
    revision = revision_id or row.head_revision
    body = _revision_body(session, proposal_id, revision)
    new_text = clean_input(text, msg("The new text"), MAX_TEXT)
    why = clean_input(reason, msg("The reason"), MAX_REASON).strip()
    if not why:
        raise ValidationError("Say why: an amendment needs a reason.")
    wanted = clean_input(passage, msg("The passage"), MAX_TEXT)
    found = locate(body, change=change, text=new_text, first=first, last=last, passage=wanted)
    entity = new_id()
    writer.append(session, kind="amend.propose", entity=entity, parents=(revision,), payload={
        "proposal": proposal_id, "revision": revision, "change": change, "start": found.start,
        "end": found.end, "old": body[found.start:found.end], "text": found.text, "reason": why})
    return get_amendment(session, entity)


def decide_amendment(session: Session, *, writer: OpWriter, amendment_id: str, decision: str,
                     text: str = "", reason: str = "", by: str = "") -> AmendmentInfo:
    """Sign a decision on an amendment (accept, modify: accept with `text`, reject, aside).

    Only the proposal's owners and its group's coordinator may: anyone else is told so here,
    and a decision of theirs that arrives from elsewhere does not count."""
    info = get_amendment(session, amendment_id)
    if decision not in (ACCEPTED, MODIFIED, REJECTED, ASIDE):
        raise ValidationError("Choose accept, modify or reject, not '{decision}'.", decision=decision)
    check_decider(session, writer=writer, proposal_id=info.proposal_id)
    if info.state == "merged":
        raise ValidationError("This amendment is already merged into the text (revision {revision}).",
                              revision=info.merged_in[:8])
    if info.state == "invalid":
        raise ValidationError("This amendment does not fit the revision it names; it cannot be decided on.")
    if info.state == "outdated" and decision in (ACCEPTED, MODIFIED):
        raise ValidationError("This amendment is outdated: the passage it changes has changed since. "
                              "Propose it again on the current text.")
    payload: dict[str, str] = {"decision": decision}
    if decision == MODIFIED:
        modified = clean_input(text, msg("The modified text"), MAX_TEXT)
        if info.change != "delete" and not modified.strip():
            raise ValidationError("Give the modified text of the amendment.")
        if info.change == "insert":
            # The line break or space that made the insertion a line (or words) of its own stays.
            core = info.proposed_text.strip("\n ")
            at = info.proposed_text.find(core) if core else 0
            modified = info.proposed_text[:at] + modified.strip("\n ") + info.proposed_text[at + len(core):]
        payload["text"] = modified
    why = clean_input(reason, msg("The reason"), MAX_REASON).strip()
    if why:
        payload["reason"] = why
    if by:
        payload["by"] = by
    row = session.get(Amendment, info.id)
    assert row is not None
    replaced = {p for d in info.decisions for p in d.parents}
    heads = tuple(d.id for d in info.decisions if d.id not in replaced)
    writer.append(session, kind="amend.decide", entity=info.id, parents=(row.op_id, *heads), payload=payload)
    return get_amendment(session, info.id)


@dataclass(frozen=True)
class InlineSegment:
    """A run of the current text with the amendments on it shown inline, as Word shows changes."""

    kind: str  # equal, delete, insert
    text: str
    amendment_id: str = ""


def inline_text(session: Session, *, proposal_id: str) -> list[InlineSegment]:
    """The current text with every open or accepted amendment on it inline; of competing ones,
    the earliest proposed is shown there (the others are in the list, marked as competing)."""
    body = proposals.get_proposal(session, proposal_id).fields["body"]
    live = sorted((a for a in list_amendments(session, proposal_id=proposal_id)
                   if a.state in ("open", "accepted") and a.current_start >= 0), key=lambda a: (a.hlc, a.id))
    shown: list[AmendmentInfo] = []
    for a in live:
        mine = Change(a.current_start, a.current_end, a.text)
        if not any(competes(mine, Change(b.current_start, b.current_end, b.text)) for b in shown):
            shown.append(a)
    out: list[InlineSegment] = []
    at = 0
    for a in sorted(shown, key=lambda a: (a.current_start, a.current_end)):
        if a.current_start > at:
            out.append(InlineSegment("equal", body[at:a.current_start]))
        out += [InlineSegment(s.kind, s.text, "" if s.kind == "equal" else a.id)
                for s in inline_segments(body[a.current_start:a.current_end], a.text)]
        at = a.current_end
    if at < len(body):
        out.append(InlineSegment("equal", body[at:]))
    return out


def release_point(session: Session, *, release_id: str, point: str) -> tuple[str, str]:
    """(proposal id, revision) of a programme point in a release, by its number ("1.2") or the
    start of its proposal's id: an amendment to the programme amends that frozen revision."""
    from stratplan.core.services import programme

    content = programme.get_release(session, release_id)
    for section in content.sections:
        for p in section.points:
            if point == p.number or (len(point) >= 4 and p.id.startswith(point.lower())):
                return p.id, p.revision
    raise NotFoundError("Release '{release}' has no point '{point}'.", release=content.info.name, point=point)
