"""Threaded comments on proposals."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import Comment, Organisation, Person, Proposal
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.fields import clean_text
from stratplan.core.ids import CommentId, ProposalId
from stratplan.core.oplog.writer import OpWriter, new_id

MAX_COMMENT_CHARS = 20_000


@dataclass(frozen=True)
class CommentInfo:
    id: CommentId
    proposal_id: ProposalId
    reply_to: CommentId  # "" for a comment that starts a thread
    author: str
    organisation: str
    text: str
    hlc: int
    retracted: bool
    depth: int


def add_comment(
    session: Session, *, writer: OpWriter, proposal_id: str, text: str, reply_to: str = ""
) -> CommentInfo:
    """Comment on a proposal, or reply to an earlier comment on it."""
    if session.get(Proposal, proposal_id) is None:
        raise NotFoundError("That proposal does not exist in this store.")
    clean = clean_text(text).strip()
    if not clean:
        raise ValidationError("A comment cannot be empty.")
    if len(clean) > MAX_COMMENT_CHARS:
        raise ValidationError(
            "The comment is too long: {n:,} characters, the limit is {max_comment_chars:,}.",
            n=len(clean), max_comment_chars=MAX_COMMENT_CHARS
        )
    if reply_to:
        parent = session.get(Comment, reply_to)
        if parent is None or parent.proposal_id != proposal_id:
            raise NotFoundError("The comment you reply to is not on this proposal.")
    entity = new_id()
    writer.append(
        session, kind="comment.add", entity=entity,
        payload={"proposal": proposal_id, "reply_to": reply_to, "text": clean},
    )
    return next(c for c in list_comments(session, proposal_id=proposal_id) if c.id == entity)


def set_retracted(session: Session, *, writer: OpWriter, comment_id: str, retracted: bool) -> None:
    """Withdraw (or bring back) one of your organisation's comments."""
    row = session.get(Comment, comment_id)
    if row is None:
        raise NotFoundError("That comment does not exist.")
    if row.org_id != writer.profile.org_id:
        raise ValidationError("Only the organisation that wrote a comment can withdraw it.")
    kind = "comment.retract" if retracted else "comment.restore"
    writer.append(session, kind=kind, entity=comment_id, payload={})


def list_comments(session: Session, *, proposal_id: str) -> list[CommentInfo]:
    """Comments in thread order: each reply right after its parent, indented by depth."""
    people = dict(session.execute(select(Person.id, Person.name)).all())
    orgs = dict(session.execute(select(Organisation.id, Organisation.code)).all())
    rows = list(
        session.scalars(
            select(Comment).where(Comment.proposal_id == proposal_id).order_by(Comment.hlc, Comment.id)
        )
    )
    known = {r.id for r in rows}
    children: dict[str, list[Comment]] = {}
    for r in rows:
        # A reply whose parent has not arrived yet is shown at the top level meanwhile.
        parent = r.reply_to if r.reply_to in known else ""
        children.setdefault(parent, []).append(r)
    out: list[CommentInfo] = []

    def walk(parent: str, depth: int) -> None:
        for r in children.get(parent, []):
            out.append(
                CommentInfo(CommentId(r.id), ProposalId(r.proposal_id), CommentId(r.reply_to),
                            people.get(r.author_id, ""),
                            orgs.get(r.org_id, ""), r.text, r.hlc, r.retracted, depth)
            )
            walk(r.id, depth + 1)

    walk("", 0)
    return out
