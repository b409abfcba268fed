"""Consolidation: merge overlapping proposals with provenance, split, unmerge, retire."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import MergeRecord, Organisation, Person, Proposal, Revision
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.fields import clean_text
from stratplan.core.ids import ProposalId
from stratplan.core.messages import Message, msg
from stratplan.core.oplog.writer import OpWriter, new_id
from stratplan.core.services import proposals
from stratplan.core.vocabulary import term

# Statuses a point cannot be merged into: it is decided, or no longer in play.
CLOSED = ("adopted", "retired", "withdrawn", "rejected")
RETIRE_REASONS = ("duplicate", "out_of_scope", "already_done", "other")


@dataclass(frozen=True)
class MergeInfo:
    id: str
    target: str
    target_title: str
    sources: tuple[str, ...]
    source_titles: tuple[str, ...]
    active: bool
    by: str
    organisation: str
    hlc: int


@dataclass(frozen=True)
class LateEdit:
    """A source edited on another laptop after it was merged: to review on the survivor."""

    source: str
    source_title: str
    revision: str
    author: str


def _titles(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Proposal.id, Proposal.title)).all())


def list_merges(session: Session, *, active_only: bool = False) -> list[MergeInfo]:
    titles = _titles(session)
    people = dict(session.execute(select(Person.id, Person.name)).all())
    orgs = dict(session.execute(select(Organisation.id, Organisation.code)).all())
    stmt = select(MergeRecord).order_by(MergeRecord.hlc.desc())
    if active_only:
        stmt = stmt.where(MergeRecord.active)
    out = []
    for r in session.scalars(stmt):
        sources = tuple(json.loads(r.sources_json))
        out.append(MergeInfo(r.id, r.target, titles.get(r.target, "?"), sources,
                             tuple(titles.get(s, "?") for s in sources), r.active,
                             people.get(r.author_id, ""), orgs.get(r.org_id, ""), r.hlc))
    return out


def merge(session: Session, *, writer: OpWriter, target: str, sources: list[str],
          fields: dict[str, Any] | None = None) -> MergeInfo:
    """Merge `sources` into `target`; the combined text (if given) becomes the target's new revision.

    Sources stay whole and linked (provenance); their authors become co-authors; the merge
    can be undone.
    """
    unique = list(dict.fromkeys(sources))
    if not unique:
        raise ValidationError("Choose at least one proposal to merge into the target.")
    if target in unique:
        raise ValidationError("A proposal cannot be merged into itself.")
    merged = proposals.merge_map(session)
    target_detail = proposals.get_proposal(session, target)
    if target in merged:
        raise ValidationError("'{title}' was itself merged into another point; merge into that "
                              "point instead.", title=target_detail.fields['title'])
    if target_detail.fields["status"] in CLOSED:
        raise ValidationError("'{title}' is {status}; points cannot be merged into it.",
                              title=target_detail.fields["title"],
                              status=term("status", target_detail.fields["status"], inside=True))
    heads = {}
    for source in unique:
        detail = proposals.get_proposal(session, source)
        if source in merged:
            raise ValidationError("'{title}' was already merged into another point.",
                                  title=detail.fields['title'])
        heads[source] = detail.head_revision
    # Merging a point into one of the points already merged into it would be a cycle.
    if any(merged.get(s) == target for s in unique if s in merged):
        raise ValidationError("That merge would go round in a circle.")
    if fields:
        proposals.revise_proposal(session, writer=writer, proposal_id=target, changes=fields,
                                  note=f"combined text of {len(unique) + 1} proposals")
    entity = new_id()
    writer.append(session, kind="merge.create", entity=entity,
                  payload={"target": target, "sources": unique, "source_heads": heads})
    return next(m for m in list_merges(session) if m.id == entity)


def unmerge(session: Session, *, writer: OpWriter, merge_id: str) -> MergeInfo:
    """Undo a merge: the sources stand on their own again (the history keeps both steps)."""
    row = session.get(MergeRecord, merge_id)
    if row is None:
        raise NotFoundError("That merge does not exist.")
    if not row.active:
        raise ValidationError("That merge was already undone.")
    if row.org_id != writer.profile.org_id:
        raise ValidationError("Only the organisation that made a merge can undo it.")
    writer.append(session, kind="merge.undo", entity=merge_id, payload={})
    return next(m for m in list_merges(session) if m.id == merge_id)


def split(session: Session, *, writer: OpWriter, source: str, parts: list[dict[str, Any]]) -> list[ProposalId]:
    """Split one proposal into two or more new ones; the original is retired, pointing at them."""
    detail = proposals.get_proposal(session, source)
    if len(parts) < 2:
        raise ValidationError("Split a proposal into at least two parts.")
    if any(not clean_text(p.get("title", ""), single_line=True) for p in parts):
        raise ValidationError("Every part needs a title; an empty part cannot be created.")
    if proposals.merge_map(session).get(source):
        raise ValidationError("A point that was merged into another cannot be split; undo the merge first.")
    created = []
    for part in parts:
        fields = {**{k: detail.fields[k] for k in ("level", "language", "tags")}, **part, "status": "draft"}
        created.append(proposals.create_proposal(session, writer=writer, group_id=detail.fields["group"],
                                                 fields=fields).id)
    titles = "; ".join(clean_text(p["title"], single_line=True) for p in parts)
    proposals.revise_proposal(session, writer=writer, proposal_id=source,
                              changes={"status": "retired", "status_reason": f"split into: {titles}"[:1000]},
                              note="split")
    return created


def retire(session: Session, *, writer: OpWriter, proposal_id: str, reason: str, detail: str = "",
           duplicate_of: str = "") -> proposals.ProposalDetail:
    """Take a point out of play with a reason: duplicate of ..., out of scope, already done, other."""
    if reason not in RETIRE_REASONS:
        raise ValidationError("The reason must be duplicate, out of scope, already done or other.")
    words = {"duplicate": "duplicate", "out_of_scope": "out of scope", "already_done": "already done",
             "other": "other"}
    text = words[reason]
    if reason == "duplicate":
        if not duplicate_of or duplicate_of == proposal_id:
            raise ValidationError("Name the point this one duplicates.")
        text += f" of '{proposals.get_proposal(session, duplicate_of).fields['title']}'"
    if detail.strip():
        text += f": {clean_text(detail).strip()}"
    elif reason == "other":
        raise ValidationError("Say why the point is retired.")
    return proposals.revise_proposal(session, writer=writer, proposal_id=proposal_id,
                                     changes={"status": "retired", "status_reason": text[:1000]}, note="retired")


def coauthors(session: Session, proposal_id: str) -> list[str]:
    """The authors of every proposal merged (directly or through others) into this one."""
    merged = proposals.merge_map(session)
    sources = [p for p, survivor in merged.items() if survivor == proposal_id]
    people = dict(session.execute(select(Person.id, Person.name)).all())
    authors = {people.get(a, "") for a in session.scalars(select(Proposal.author_id).where(Proposal.id.in_(sources)))}
    return sorted(a for a in authors if a)


def late_edits(session: Session, proposal_id: str) -> list[LateEdit]:
    """Edits to merged sources that the merge had not seen (made elsewhere, later)."""
    merged = proposals.merge_map(session)
    sources = [p for p, survivor in merged.items() if survivor == proposal_id]
    seen: dict[str, set[str]] = {}
    for row in session.scalars(select(MergeRecord).where(MergeRecord.active)):
        for source, head in json.loads(row.source_heads_json).items():
            seen.setdefault(source, set()).add(head)
    titles = _titles(session)
    people = dict(session.execute(select(Person.id, Person.name)).all())
    out = []
    for source in sources:
        revisions = list(session.scalars(select(Revision).where(Revision.proposal_id == source)))
        parents = {r.id: r.parents.split() for r in revisions}
        known: set[str] = set()
        stack = list(seen.get(source, ()))
        while stack:  # everything the merge saw: the recorded heads and their ancestors
            rev = stack.pop()
            if rev not in known:
                known.add(rev)
                stack.extend(parents.get(rev, ()))
        out += [LateEdit(source, titles.get(source, "?"), r.id, people.get(r.author_id, ""))
                for r in sorted(revisions, key=lambda r: r.hlc) if r.id not in known]
    return out


def notices(session: Session, person_id: str) -> list[Message]:
    """What this person should know: their proposals merged into others."""
    merged = proposals.merge_map(session)
    titles = _titles(session)
    mine = session.scalars(select(Proposal.id).where(Proposal.author_id == person_id, Proposal.id.in_(list(merged))))
    return [msg("Your proposal '{title}' was merged into '{target}'.", title=titles[p],
                target=titles.get(merged[p], "?")) for p in mine]


def superseded(session: Session, proposal_ids: list[str]) -> dict[str, str]:
    """Which of these proposals were merged away since (a round on them is superseded)."""
    merged = proposals.merge_map(session)
    return {p: merged[p] for p in proposal_ids if p in merged}
