"""Undoable user actions, without Qt: each `do` and `undo` writes new operations.

Undo never erases history: it writes the operation that brings the state back, so the
log keeps both the change and its reversal and every laptop sees the same result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.orm import Session

from stratplan.core.errors import ValidationError
from stratplan.core.oplog.writer import OpWriter
from stratplan.core.services import comments, drafts, groups, proposals


class Command(Protocol):
    """An action the user can undo; both methods return the proposal id to show."""

    text: str

    def do(self, session: Session, writer: OpWriter) -> str: ...

    def undo(self, session: Session, writer: OpWriter) -> str: ...


@dataclass
class CreateProposal:
    group_id: str
    fields: dict[str, Any]
    text: str = "New plan point"
    proposal_id: str = ""

    def do(self, session: Session, writer: OpWriter) -> str:
        if not self.group_id:
            # "All proposals" is selected: the point goes to the first working group.
            listed = groups.list_groups(session)
            if not listed:
                raise ValidationError("Create a working group first.")
            self.group_id = listed[0].id
        if not self.proposal_id:
            self.proposal_id = proposals.create_proposal(
                session, writer=writer, group_id=self.group_id, fields=self.fields).id
        else:
            proposals.set_deleted(session, writer=writer, proposal_id=self.proposal_id, deleted=False)
        return self.proposal_id

    def undo(self, session: Session, writer: OpWriter) -> str:
        proposals.set_deleted(session, writer=writer, proposal_id=self.proposal_id, deleted=True)
        return self.proposal_id


@dataclass
class SaveProposal:
    proposal_id: str
    before: dict[str, Any]
    after: dict[str, Any]
    text: str = "Save plan point"

    def do(self, session: Session, writer: OpWriter) -> str:
        # The saved revision supersedes the autosaved draft, in the same transaction: if the
        # save is refused, the draft stays.
        drafts.discard_draft(session, proposal_id=self.proposal_id)
        proposals.revise_proposal(session, writer=writer, proposal_id=self.proposal_id, changes=self.after)
        return self.proposal_id

    def undo(self, session: Session, writer: OpWriter) -> str:
        proposals.revise_proposal(session, writer=writer, proposal_id=self.proposal_id, changes=self.before,
                                  note="undo")
        return self.proposal_id


@dataclass
class RestoreRevision:
    proposal_id: str
    revision_id: str
    before: dict[str, Any]
    text: str = "Restore revision"

    def do(self, session: Session, writer: OpWriter) -> str:
        proposals.restore_revision(session, writer=writer, proposal_id=self.proposal_id,
                                   revision_id=self.revision_id)
        return self.proposal_id

    def undo(self, session: Session, writer: OpWriter) -> str:
        proposals.revise_proposal(session, writer=writer, proposal_id=self.proposal_id, changes=self.before,
                                  note="undo")
        return self.proposal_id


@dataclass
class DeleteProposal:
    proposal_id: str
    text: str = "Delete plan point"

    def do(self, session: Session, writer: OpWriter) -> str:
        drafts.discard_draft(session, proposal_id=self.proposal_id)
        proposals.set_deleted(session, writer=writer, proposal_id=self.proposal_id, deleted=True)
        return self.proposal_id

    def undo(self, session: Session, writer: OpWriter) -> str:
        proposals.set_deleted(session, writer=writer, proposal_id=self.proposal_id, deleted=False)
        return self.proposal_id


@dataclass
class AddComment:
    proposal_id: str
    text_: str
    reply_to: str = ""
    text: str = "Post comment"
    comment_id: str = field(default="")

    def do(self, session: Session, writer: OpWriter) -> str:
        if not self.comment_id:
            self.comment_id = comments.add_comment(
                session, writer=writer, proposal_id=self.proposal_id, text=self.text_,
                reply_to=self.reply_to).id
        else:
            comments.set_retracted(session, writer=writer, comment_id=self.comment_id, retracted=False)
        return self.proposal_id

    def undo(self, session: Session, writer: OpWriter) -> str:
        comments.set_retracted(session, writer=writer, comment_id=self.comment_id, retracted=True)
        return self.proposal_id


@dataclass
class WithdrawComment:
    proposal_id: str
    comment_id: str
    text: str = "Withdraw comment"

    def do(self, session: Session, writer: OpWriter) -> str:
        comments.set_retracted(session, writer=writer, comment_id=self.comment_id, retracted=True)
        return self.proposal_id

    def undo(self, session: Session, writer: OpWriter) -> str:
        comments.set_retracted(session, writer=writer, comment_id=self.comment_id, retracted=False)
        return self.proposal_id


@dataclass
class CreateGroup:
    name: str
    description: str
    text: str = "New working group"
    group_id: str = ""

    def do(self, session: Session, writer: OpWriter) -> str:
        if not self.group_id:
            self.group_id = groups.create_group(session, writer=writer, name=self.name,
                                                description=self.description).id
        else:
            groups.edit_group(session, writer=writer, group_id=self.group_id, archived=False)
        return self.group_id

    def undo(self, session: Session, writer: OpWriter) -> str:
        groups.edit_group(session, writer=writer, group_id=self.group_id, archived=True)
        return self.group_id


@dataclass
class EditGroup:
    """Rename, re-describe or (un)archive: `before` and `after` are (name, description, archived)."""

    group_id: str
    before: tuple[str, str, bool]
    after: tuple[str, str, bool]
    text: str = "Edit working group"

    def _set(self, session: Session, writer: OpWriter, value: tuple[str, str, bool]) -> str:
        name, description, archived = value
        groups.edit_group(session, writer=writer, group_id=self.group_id, name=name,
                          description=description, archived=archived)
        return self.group_id

    def do(self, session: Session, writer: OpWriter) -> str:
        return self._set(session, writer, self.after)

    def undo(self, session: Session, writer: OpWriter) -> str:
        return self._set(session, writer, self.before)


@dataclass
class SetGroupMembers:
    group_id: str
    before: frozenset[str]
    after: frozenset[str]
    text: str = "Change group members"

    def _set(self, session: Session, writer: OpWriter, members: frozenset[str]) -> str:
        for org_id in sorted(self.before | self.after):
            groups.set_member(session, writer=writer, group_id=self.group_id, org_id=org_id,
                              present=org_id in members)
        return self.group_id

    def do(self, session: Session, writer: OpWriter) -> str:
        return self._set(session, writer, self.after)

    def undo(self, session: Session, writer: OpWriter) -> str:
        return self._set(session, writer, self.before)
