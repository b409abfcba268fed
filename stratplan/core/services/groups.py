"""Working groups: themes with member organisations and their proposals."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stratplan.core.db.models import GroupMember, Proposal, SyncOp, WorkingGroup
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.fields import clean_text
from stratplan.core.ids import GroupId, OrgId
from stratplan.core.oplog.ops import from_body
from stratplan.core.oplog.writer import OpWriter, new_id
from stratplan.core.services.frame_rows import (
    GroupInfo as GroupInfo,  # re-exported: services name it here
)
from stratplan.core.services.frame_rows import read_groups


def _payload(name: str, description: str, position: int, archived: bool) -> dict[str, object]:
    clean_name = clean_text(name, single_line=True)
    if not clean_name:
        raise ValidationError("A working group needs a name.")
    if len(clean_name) > 200:
        raise ValidationError("The group's name is too long (limit 200 characters).")
    return {
        "name": clean_name,
        "description": clean_text(description)[:2000],
        "position": int(position),
        "archived": bool(archived),
    }


def create_group(
    session: Session, *, writer: OpWriter, name: str, description: str = "", position: int | None = None
) -> GroupInfo:
    """Create a working group, placed last unless a position is given."""
    if position is None:
        position = (session.scalar(select(func.max(WorkingGroup.position))) or 0) + 1
    entity = new_id()
    payload = _payload(name, description, position, False)
    writer.append(session, kind="group.set", entity=entity, payload=payload)
    return get_group(session, entity)


def edit_group(
    session: Session, *, writer: OpWriter, group_id: str, name: str | None = None,
    description: str | None = None, archived: bool | None = None,
) -> GroupInfo:
    """Rename, describe or archive a group."""
    current = get_group(session, group_id)
    payload = _payload(
        current.name if name is None else name,
        current.description if description is None else description,
        current.position,
        current.archived if archived is None else archived,
    )
    writer.append(session, kind="group.set", entity=group_id, payload=payload)
    return get_group(session, group_id)


def set_member(session: Session, *, writer: OpWriter, group_id: str, org_id: str, present: bool) -> None:
    """Add or remove an organisation: a causal-length step, so concurrent changes merge."""
    get_group(session, group_id)
    length = 0
    for body, sig in session.execute(
        select(SyncOp.body, SyncOp.sig).where(SyncOp.entity == group_id, SyncOp.kind == "group.member")
    ):
        op = from_body(body, sig, trusted=True)
        if op.payload["org"] == org_id:
            length = max(length, int(op.payload["cl"]))
    if (length % 2 == 1) == present:
        return
    writer.append(
        session, kind="group.member", entity=group_id, payload={"org": org_id, "cl": length + 1}
    )


def get_group(session: Session, group_id: str) -> GroupInfo:
    row = session.get(WorkingGroup, group_id)
    if row is None:
        raise NotFoundError("That working group does not exist.")
    count = session.scalar(
        select(func.count()).select_from(Proposal).where(Proposal.group_id == group_id, ~Proposal.deleted)
    )
    members = tuple(OrgId(o) for o in session.scalars(select(GroupMember.org_id).where(GroupMember.group_id == group_id)))
    return GroupInfo(GroupId(row.id), row.name, row.description, row.position, row.archived, count or 0, members)


def list_groups(session: Session, *, include_archived: bool = False) -> list[GroupInfo]:
    """Groups in their display order, with live proposal counts."""
    session.flush()  # the driver's connection does not flush the session as an ORM query would
    return read_groups(session.connection().connection.driver_connection, include_archived=include_archived)
