"""Conflicts: concurrent edits of the same part of a plan point, and how to resolve them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import Organisation, Person, Proposal, Revision
from stratplan.core.errors import NotFoundError
from stratplan.core.fields import FIELD_LABELS
from stratplan.core.merge.text3 import split_units
from stratplan.core.messages import Message, msg
from stratplan.core.oplog.writer import OpWriter
from stratplan.core.services import proposals


@dataclass(frozen=True)
class Candidate:
    """One head's whole value of the field, and who wrote it."""

    revision: str
    author: str
    organisation: str
    value: Any


@dataclass(frozen=True)
class FieldConflictInfo:
    proposal_id: str
    title: str
    field: str
    where: Message | None  # "paragraph 3", "line 2"; None for whole-value fields
    base: Any           # the common ancestor's whole value
    merged: Any         # what is shown until someone decides
    candidates: tuple[Candidate, ...]


def _where(field: str, base_text: str, index: int | None) -> Message | None:
    if index is None or not isinstance(base_text, str):
        return None
    if field == "body":
        units = split_units(base_text, "paragraph")
        number = 1 + sum(1 for u in units[:index] if u.strip())
        return msg("paragraph {n}", n=number)
    return msg("line {n}", n=index + 1)


def list_conflicts(session: Session) -> list[FieldConflictInfo]:
    """Every open conflict, one per field of each conflicted plan point."""
    people = dict(session.execute(select(Person.id, Person.name)).all())
    orgs = {o.id: f"{o.code} ({o.country})" for o in session.scalars(select(Organisation))}
    out: list[FieldConflictInfo] = []
    for row in session.scalars(select(Proposal).where(Proposal.conflict).order_by(Proposal.title)):
        data = json.loads(row.conflicts_json)
        merged = json.loads(row.merged_json)
        heads = row.heads.split()
        # Plain values (lists, not tuples), as the merged fields beside them are.
        base = proposals.revision_fields(session, data["base"]).thaw() if data["base"] else {}
        head_fields = {h: proposals.revision_fields(session, h).thaw() for h in heads}
        revs = {r.id: r for r in session.scalars(select(Revision).where(Revision.id.in_(heads)))}
        seen: set[str] = set()
        for conflict in data["conflicts"]:
            name = conflict["field"]
            if name in seen:
                continue
            seen.add(name)
            candidates = tuple(
                Candidate(h, people.get(revs[h].author_id, ""), orgs.get(revs[h].org_id, ""), head_fields[h][name])
                for h in heads if head_fields[h][name] != base.get(name))
            out.append(FieldConflictInfo(
                proposal_id=row.id, title=row.title, field=name,
                where=_where(name, base.get(name, ""), conflict.get("index")),
                base=base.get(name), merged=merged.get(name), candidates=candidates))
    return out


def describe(conflict: FieldConflictInfo) -> Message:
    """Plain words: "CNT (LT) and AUBE (FR) both changed paragraph 3 of 'Training for police'"."""
    who = sorted({c.organisation for c in conflict.candidates})
    names: Message | str = who[0] if len(who) == 1 else msg(
        "{names} and {last}", names=", ".join(who[:-1]), last=who[-1])
    field = FIELD_LABELS.get(conflict.field, conflict.field)
    if conflict.where is None:
        return msg("{names} both changed '{title}' ({field})", names=names, title=conflict.title, field=field)
    if conflict.field == "body":
        return msg("{names} both changed {where} of '{title}'", names=names, where=conflict.where,
                   title=conflict.title)
    return msg("{names} both changed {where} of '{title}' ({field})", names=names, where=conflict.where,
               title=conflict.title, field=field)


def resolve(session: Session, *, writer: OpWriter, proposal_id: str, field: str,
            value: Any) -> proposals.ProposalDetail:
    """Decide a field; once nothing is left undecided, the point has a single head again.

    The resolution is an ordinary revision whose parents are every head, so it travels to
    every laptop like any other edit.
    """
    if session.get(Proposal, proposal_id) is None:
        raise NotFoundError("That proposal does not exist in this store.")
    return proposals.revise_proposal(session, writer=writer, proposal_id=proposal_id,
                                     changes={field: value}, note=f"resolved conflict in {field}")
