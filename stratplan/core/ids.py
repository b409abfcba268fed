"""Typed ids: each kind of id is its own type for the checker, and a plain `str` at run time.

As in Anki's `NoteId`/`CardId`, a function taking a `ProposalId` cannot be handed a group id
by mistake; values read from the services' records already carry their type.
"""

from __future__ import annotations

from typing import NewType

ProposalId = NewType("ProposalId", str)
RevisionId = NewType("RevisionId", str)  # also the id of the operation that wrote it
GroupId = NewType("GroupId", str)
OrgId = NewType("OrgId", str)
PersonId = NewType("PersonId", str)
DeviceId = NewType("DeviceId", str)
CoalitionId = NewType("CoalitionId", str)
RoundId = NewType("RoundId", str)
BallotId = NewType("BallotId", str)
ReleaseId = NewType("ReleaseId", str)
PlanId = NewType("PlanId", str)
CommentId = NewType("CommentId", str)
MergeId = NewType("MergeId", str)
OpId = NewType("OpId", str)
