"""Proposals (draft plan points): create, revise, restore, list, and their history."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stratplan.core.db.models import (
    MergeRecord,
    Organisation,
    Person,
    Proposal,
    Revision,
    SyncOp,
    WorkingGroup,
)
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.fields import Fields, clean_fields, point_fields
from stratplan.core.ids import ProposalId, RevisionId
from stratplan.core.messages import Message, msg
from stratplan.core.oplog.writer import OpWriter, new_id
from stratplan.core.services.proposal_rows import ProposalSummary as ProposalSummary  # re-exported
from stratplan.core.services.proposal_rows import iter_summaries, survivors


@dataclass(frozen=True)
class ProposalDetail:
    """A proposal's current state: every field plus where it stands in its history."""

    id: ProposalId
    fields: Fields
    head_revision: RevisionId
    conflict: bool
    author: str
    organisation: str
    created_hlc: int
    updated_hlc: int
    revision_count: int


@dataclass(frozen=True)
class RevisionInfo:
    """One saved state of a proposal."""

    id: RevisionId
    parents: tuple[RevisionId, ...]
    author: str
    organisation: str
    hlc: int
    note: str
    fields: Fields


def _names(session: Session) -> tuple[dict[str, str], dict[str, str]]:
    people = dict(session.execute(select(Person.id, Person.name)).all())
    orgs = dict(session.execute(select(Organisation.id, Organisation.code)).all())
    return people, orgs


def _check_group(session: Session, group_id: str) -> None:
    if session.get(WorkingGroup, group_id) is None:
        raise ValidationError("Choose an existing working group for this plan point.", field="group")


def create_proposal(
    session: Session, *, writer: OpWriter, group_id: str, fields: Mapping[str, Any],
    proposal_id: str | None = None,
) -> ProposalDetail:
    """Write the first revision of a new plan point."""
    _check_group(session, group_id)
    clean = clean_fields({**fields, "group": group_id})
    entity = proposal_id or new_id()
    if session.get(Proposal, entity) is not None:
        raise ValidationError("A proposal with this id already exists.")
    writer.append(session, kind="proposal.revise", entity=entity, payload={"fields": clean})
    return get_proposal(session, entity)


def revise_proposal(
    session: Session,
    *,
    writer: OpWriter,
    proposal_id: str,
    changes: Mapping[str, Any],
    note: str = "",
    base_revision: str | None = None,
    amendments: Sequence[str] = (),
) -> ProposalDetail:
    """Save a new revision with `changes` applied to the current state.

    The new revision names every current head as a parent: the author saw them all, and the
    `amendments` it merges (services/amend_merge.py). Saving without any change writes nothing.
    """
    current = get_proposal(session, proposal_id)
    merged = {**current.fields, **changes}
    if "group" in changes:
        _check_group(session, merged["group"])
    clean = clean_fields(merged)
    if clean == current.fields and len(current_heads(session, proposal_id)) == 1:
        return current
    heads = current_heads(session, proposal_id)
    payload: dict[str, Any] = {"fields": clean}
    if note:
        payload["note"] = note[:500]
    if amendments:
        payload["amendments"] = sorted(amendments)
    writer.append(
        session, kind="proposal.revise", entity=proposal_id, payload=payload, parents=tuple(heads)
    )
    return get_proposal(session, proposal_id)


def current_heads(session: Session, proposal_id: str) -> list[str]:
    """Revisions no later revision builds on."""
    rows = session.execute(
        select(Revision.id, Revision.parents).where(Revision.proposal_id == proposal_id)
    ).all()
    referenced = {p for _, parents in rows for p in parents.split()}
    return sorted(r for r, _ in rows if r not in referenced)


def restore_revision(
    session: Session, *, writer: OpWriter, proposal_id: str, revision_id: str
) -> ProposalDetail:
    """Make an earlier revision's text current again, as a new revision (history kept)."""
    old = session.get(Revision, revision_id)
    if old is None or old.proposal_id != proposal_id:
        raise NotFoundError("That revision does not belong to this proposal.")
    current = get_proposal(session, proposal_id)
    fields = revision_fields(session, revision_id).replace(deleted=current.fields["deleted"])
    return revise_proposal(
        session, writer=writer, proposal_id=proposal_id, changes=fields,
        note=f"restored revision {revision_id[:8]}",
    )


def set_deleted(session: Session, *, writer: OpWriter, proposal_id: str, deleted: bool) -> ProposalDetail:
    """Hide (or bring back) a proposal; its history stays in the log either way."""
    return revise_proposal(
        session, writer=writer, proposal_id=proposal_id, changes={"deleted": deleted},
        note="deleted" if deleted else "restored",
    )


def _fields_of_body(body: str) -> Fields:
    return point_fields(json.loads(body)["payload"]["fields"])


def revision_fields(session: Session, revision_id: str) -> Fields:
    """The fields saved in a revision, read from its operation (stored once, in the log)."""
    body = session.scalar(select(SyncOp.body).where(SyncOp.id == revision_id))
    if body is None:
        raise NotFoundError("That revision is not in this store.")
    return _fields_of_body(body)


def get_proposal(session: Session, proposal_id: str) -> ProposalDetail:
    row = session.get(Proposal, proposal_id)
    if row is None:
        raise NotFoundError("That proposal does not exist in this store.")
    people, orgs = _names(session)
    if row.merged_json:
        fields = point_fields(json.loads(row.merged_json))
    else:
        fields = revision_fields(session, row.head_revision)
    return ProposalDetail(
        id=ProposalId(row.id),
        fields=fields,
        head_revision=RevisionId(row.head_revision),
        conflict=row.conflict,
        author=people.get(row.author_id, ""),
        organisation=orgs.get(row.org_id, ""),
        created_hlc=row.created_hlc,
        updated_hlc=row.updated_hlc,
        revision_count=row.revision_count,
    )


def resolve_prefix(session: Session, column: Any, prefix: str, *, short: Message, missing: Message,
                   several: Message) -> str:
    """The one full id in `column` starting with `prefix` (at least 4 characters, as git takes)."""
    if len(prefix) < 4:
        raise ValidationError(short)
    matches = list(session.scalars(select(column).where(column.startswith(prefix)).limit(2)))
    if not matches:
        raise NotFoundError(missing)
    if len(matches) > 1:
        raise ValidationError(several)
    return str(matches[0])


def resolve_proposal_id(session: Session, prefix: str) -> str:
    """The full id of the proposal whose id starts with `prefix` (as git does)."""
    prefix = prefix.strip().lower()
    return resolve_prefix(
        session, Proposal.id, prefix, short=msg("Give at least the first 4 characters of the proposal id."),
        missing=msg("No proposal id starts with '{prefix}'.", prefix=prefix),
        several=msg("More than one proposal id starts with '{prefix}'; give more characters.", prefix=prefix))


def merge_map(session: Session) -> dict[str, str]:
    """Each merged-away proposal and the survivor it now lives in.

    Union-find over the active merges: proposals linked by merges form one group, and the
    target of the group's earliest merge (by clock, then id) survives, so crossed merges
    made on two laptops end with the same single survivor everywhere.
    """
    return survivors(session.execute(
        select(MergeRecord.id, MergeRecord.target, MergeRecord.sources_json, MergeRecord.hlc)
        .where(MergeRecord.active)).all())


def count_proposals(session: Session) -> int:
    """How many (not deleted) proposals the store holds."""
    return session.scalar(select(func.count()).select_from(Proposal).where(~Proposal.deleted)) or 0


def list_proposals(
    session: Session, *, group_id: str | None = None, include_deleted: bool = False,
    ids: Collection[str] | None = None,
) -> list[ProposalSummary]:
    """Proposals for the list view, newest change first, with a ready-made search text.

    With `ids`, only those proposals (the rows a window refreshes after a change)."""
    return list(iter_proposals(session, group_id=group_id, include_deleted=include_deleted, ids=ids))


def iter_proposals(
    session: Session, *, group_id: str | None = None, include_deleted: bool = False,
    ids: Collection[str] | None = None, with_search_text: bool = True,
) -> Iterator[ProposalSummary]:
    """The rows of `list_proposals` one at a time, read from the store in chunks.

    A caller that writes each row out (the command line) holds one chunk, not every row.
    Without `with_search_text` the rows carry an empty search text: it is the largest
    column (the whole text of each proposal) and only a filter needs it."""
    # One query for the window, the services and the command line's fast path (proposal_rows).
    # The driver's connection does not flush the session as an ORM query would: flush first.
    session.flush()
    yield from iter_summaries(session.connection().connection.driver_connection, group_id=group_id,
                              include_deleted=include_deleted, ids=ids, with_search_text=with_search_text)


def history(session: Session, *, proposal_id: str) -> list[RevisionInfo]:
    """Every revision of a proposal, oldest first."""
    people, orgs = _names(session)
    rows = session.execute(
        select(Revision, SyncOp.body)
        .join(SyncOp, SyncOp.id == Revision.id)
        .where(Revision.proposal_id == proposal_id)
        .order_by(Revision.hlc, Revision.id)
    )
    return [
        RevisionInfo(
            id=RevisionId(r.id),
            parents=tuple(RevisionId(p) for p in r.parents.split()),
            author=people.get(r.author_id, ""),
            organisation=orgs.get(r.org_id, ""),
            hlc=r.hlc,
            note=r.note,
            fields=_fields_of_body(body),
        )
        for r, body in rows
    ]
