"""The proposal book: every proposal in discussion (of one working group or all), its text with
line numbers, its amendments with their authors, reasons and states, and the voting rules."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import Amendment, Coalition, Proposal, Round
from stratplan.core.export.book_model import (
    BookAmendment,
    BookDecision,
    BookGroup,
    BookProposal,
    BookRound,
    ProposalBook,
    book_labels,
)
from stratplan.core.export.document import DocMeta
from stratplan.core.export.results import annex_intro
from stratplan.core.services import amendments, groups, proposals

# Proposals a meeting still discusses; a draft is in the book once someone amends it.
IN_DISCUSSION = ("submitted", "in_discussion")
_OPEN_TO_AMEND = ("draft", "submitted", "in_discussion")


def _book_ids(session: Session, group_id: str) -> list[str]:
    merged = proposals.merge_map(session)
    amended = set(session.scalars(select(Amendment.proposal_id)))
    stmt = select(Proposal.id, Proposal.status).where(~Proposal.deleted)
    if group_id:
        stmt = stmt.where(Proposal.group_id == group_id)
    return [pid for pid, status in session.execute(stmt.order_by(Proposal.created_hlc, Proposal.id))
            if pid not in merged and (status in IN_DISCUSSION or (status in _OPEN_TO_AMEND and pid in amended))]


def _book_amendments(session: Session, pid: str, number: str) -> tuple[BookAmendment, ...]:
    listed = amendments.list_amendments(session, proposal_id=pid)
    labels = {a.id: f"{number}-A{i}" for i, a in enumerate(sorted(listed, key=lambda a: (a.hlc, a.id)), start=1)}
    return tuple(
        BookAmendment(label=labels[a.id], change=a.change,
                      first_line=a.current_first if a.current_start >= 0 else a.first_line,
                      last_line=a.current_last if a.current_start >= 0 else a.last_line,
                      organisation=a.organisation, author=a.author, state=a.state, reason=a.reason,
                      segments=tuple((s.kind, s.text) for s in a.segments),
                      decisions=tuple(BookDecision(d.decision, d.organisation, d.reason, d.counts)
                                      for d in a.decisions),
                      competes_with=tuple(labels[r] for r in a.competes_with if r in labels))
        for a in sorted(listed, key=lambda a: labels[a.id]))


def _rounds(session: Session, ids: set[str], language: str) -> tuple[BookRound, ...]:
    out = []
    for row in session.scalars(select(Round).where(Round.status == "open").order_by(Round.opened_hlc, Round.id)):
        settings = json.loads(row.settings_json)
        if not ids & {p["id"] for p in settings["proposals"]}:
            continue
        data = {"method": row.method, "basis": settings["basis"], "threshold": settings["threshold"],
                "quorum": settings["quorum"], "status": row.status}
        out.append(BookRound(row.title, annex_intro(data, language)))
    return tuple(out)


def proposal_book(session: Session, *, group_id: str = "", language: str = "en") -> ProposalBook:
    """The book of one working group (all of them without `group_id`), in a document language."""
    t = book_labels(language)
    coalition = session.scalars(select(Coalition)).first()
    listed = [g for g in groups.list_groups(session) if not group_id or g.id == group_id]
    wanted = _book_ids(session, group_id)
    group_of = dict(session.execute(select(Proposal.id, Proposal.group_id).where(Proposal.id.in_(wanted))).all())
    book_groups = []
    for n, group in enumerate(listed, start=1):
        items: list[BookProposal] = []
        for pid in [p for p in wanted if group_of.get(p) == group.id]:
            detail = proposals.get_proposal(session, pid)
            number = f"{n}.{len(items) + 1}"
            items.append(BookProposal(
                number=number, title=detail.fields["title"], summary=detail.fields["summary"],
                organisation=detail.organisation,
                lines=tuple((x.number, x.text) for x in amendments.numbered_text(session, proposal_id=pid)),
                amendments=_book_amendments(session, pid, number), language=detail.fields["language"]))
        if items or group_id:
            book_groups.append(BookGroup(group.name, tuple(items)))
    title = t["proposal_book"]
    meta = DocMeta(kind="proposal_book", title=title, coalition=coalition.name if coalition else "",
                   organisation=listed[0].name if group_id and listed else t["all_groups"], country="",
                   release="", date=dt.date.today().isoformat(), language=language)
    return ProposalBook(meta, tuple(book_groups), _rounds(session, set(wanted), language))
