"""Merging accepted amendments into a proposal's text, as an ordinary new revision.

Accepted amendments that do not touch the same passage of the current text are merged together,
in one revision that names them. Competing ones (overlapping passages, or insertions at the
same place) are left out and reported side by side: a person chooses one of them (the others
are set aside, with a signed decision) or writes a combination that replaces their passages.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from stratplan.core.amend.locate import MAX_TEXT, clean_input, describe_lines
from stratplan.core.amend.passages import Change, apply_changes, clusters
from stratplan.core.errors import ValidationError
from stratplan.core.messages import msg
from stratplan.core.oplog.writer import OpWriter
from stratplan.core.services import amendments, proposals
from stratplan.core.services.amendments import AmendmentInfo, Segment, inline_segments


@dataclass(frozen=True)
class Alternative:
    """One of several competing amendments, as it would change the current text."""

    amendment_id: str
    organisation: str
    reason: str
    text: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Competition:
    """Accepted amendments that change the same passage of the current text: one must be chosen."""

    start: int
    end: int
    first_line: int
    last_line: int
    passage: str
    alternatives: tuple[Alternative, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(a.amendment_id for a in self.alternatives)


@dataclass(frozen=True)
class MergeOutcome:
    """What a merge did: the revision it wrote ("" for none), the amendments it merged, and the
    competing ones still waiting for a choice."""

    revision: str
    merged: tuple[str, ...]
    competing: tuple[Competition, ...]
    body: str


def _change(info: AmendmentInfo) -> Change:
    return Change(info.current_start, info.current_end, info.text)


def pending(session: Session, *, proposal_id: str) -> tuple[str, list[AmendmentInfo], list[Competition]]:
    """The current text, the accepted amendments that merge cleanly into it, and the competitions."""
    body = proposals.get_proposal(session, proposal_id).fields["body"]
    waiting = sorted((a for a in amendments.list_amendments(session, proposal_id=proposal_id) if a.pending),
                     key=lambda a: (a.current_start, a.current_end, a.hlc, a.id))
    changes = [_change(a) for a in waiting]
    clean: list[AmendmentInfo] = []
    competing: list[Competition] = []
    for group in clusters(changes):
        if len(group) == 1:
            clean.append(waiting[group[0]])
            continue
        start = min(changes[i].start for i in group)
        end = max(changes[i].end for i in group)
        first, last = describe_lines(body, Change(start, end, ""))
        alternatives = tuple(
            Alternative(waiting[i].id, waiting[i].organisation, waiting[i].reason, waiting[i].text,
                        tuple(inline_segments(body[start:end], _replaced(body, start, end, changes[i]))))
            for i in sorted(group, key=lambda i: (waiting[i].hlc, waiting[i].id)))
        competing.append(Competition(start, end, first, last, body[start:end], alternatives))
    return body, clean, competing


def _replaced(body: str, start: int, end: int, change: Change) -> str:
    """The passage body[start:end] once `change` (inside it) is applied."""
    return body[start:change.start] + change.text + body[change.end:end]


def merge_accepted(session: Session, *, writer: OpWriter, proposal_id: str) -> MergeOutcome:
    """Write one revision merging every accepted amendment that does not compete with another."""
    amendments.check_decider(session, writer=writer, proposal_id=proposal_id)
    revision, merged = "", []
    # A merge moves the text the other amendments are carried onto: one that could not be placed
    # before may fit now, so merge again until nothing more merges (each round merges at least one).
    for _ in range(len(amendments.list_amendments(session, proposal_id=proposal_id)) + 1):
        body, clean, _ = pending(session, proposal_id=proposal_id)
        if not clean:
            break
        new_body = apply_changes(body, [_change(a) for a in clean])
        detail = proposals.revise_proposal(session, writer=writer, proposal_id=proposal_id,
                                           changes={"body": new_body}, note="amendments merged",
                                           amendments=[a.id for a in clean])
        revision = detail.head_revision
        merged += [a.id for a in clean]
    body, _, competing = pending(session, proposal_id=proposal_id)
    return MergeOutcome(revision, tuple(merged), tuple(competing), body)


def resolve_competition(session: Session, *, writer: OpWriter, proposal_id: str, choose: str = "",
                        text: str | None = None, among: tuple[str, ...] = ()) -> MergeOutcome:
    """Settle one competition: merge the amendment `choose` and set the others aside, or replace
    the competing passage with `text` (a combination), which merges them all."""
    amendments.check_decider(session, writer=writer, proposal_id=proposal_id)
    _, _, competing = pending(session, proposal_id=proposal_id)
    wanted = set(among) | ({choose} if choose else set())
    if not wanted:
        raise ValidationError("Name the amendment you choose, or give the combined text.")
    found = [c for c in competing if wanted & set(c.ids)]
    if not found:
        raise ValidationError("These amendments are not competing for a passage of the current text.")
    competition = found[0]
    body = proposals.get_proposal(session, proposal_id).fields["body"]
    if text is not None:
        combined = clean_input(text, msg("The combined text"), MAX_TEXT)
        new_body = body[:competition.start] + combined + body[competition.end:]
        merged = competition.ids
    else:
        if choose not in competition.ids:
            raise ValidationError("That amendment is not one of the competing ones.")
        chosen = next(a for a in amendments.list_amendments(session, proposal_id=proposal_id) if a.id == choose)
        new_body = apply_changes(body, [_change(chosen)])
        merged = (choose,)
        for other in competition.ids:
            if other != choose:
                amendments.decide_amendment(session, writer=writer, amendment_id=other, decision=amendments.ASIDE,
                                            by=choose)
    detail = proposals.revise_proposal(session, writer=writer, proposal_id=proposal_id, changes={"body": new_body},
                                       note="amendments merged", amendments=list(merged))
    body, _, rest = pending(session, proposal_id=proposal_id)
    return MergeOutcome(detail.head_revision, merged, tuple(rest), body)


@dataclass(frozen=True)
class DecideOutcome:
    amendment: AmendmentInfo
    merge: MergeOutcome | None


def decide(session: Session, *, writer: OpWriter, amendment_id: str, decision: str, text: str = "",
           reason: str = "") -> DecideOutcome:
    """Decide on an amendment; an acceptance merges every accepted amendment that can be merged."""
    info = amendments.decide_amendment(session, writer=writer, amendment_id=amendment_id, decision=decision,
                                       text=text, reason=reason)
    if decision not in (amendments.ACCEPTED, amendments.MODIFIED):
        return DecideOutcome(info, None)
    outcome = merge_accepted(session, writer=writer, proposal_id=info.proposal_id)
    return DecideOutcome(amendments.get_amendment(session, info.id), outcome)
