"""Autosaved drafts: unsaved typing kept locally so a crash loses only seconds."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from stratplan.core import changes
from stratplan.core.db.models import LocalDraft
from stratplan.core.fields import Fields
from stratplan.core.ids import GroupId, ProposalId, RevisionId


@dataclass(frozen=True)
class Draft:
    proposal_id: ProposalId  # "" for a new point not saved yet
    group_id: GroupId
    base_revision: RevisionId  # "" for a new point
    fields: Fields  # as typed: not validated, possibly incomplete
    saved_at_ms: int


def save_draft(
    session: Session, *, proposal_id: str, group_id: str, base_revision: str, fields: Mapping[str, Any]
) -> None:
    """Keep the editor's current, unvalidated text for this proposal (or new point)."""
    session.merge(
        LocalDraft(
            proposal_id=proposal_id,
            group_id=group_id,
            base_revision=base_revision,
            fields_json=json.dumps(fields, ensure_ascii=False),
            saved_at=time.time_ns() // 1_000_000,
        )
    )
    changes.note(session, drafts=(proposal_id,))


def load_draft(session: Session, *, proposal_id: str) -> Draft | None:
    row = session.get(LocalDraft, proposal_id)
    if row is None:
        return None
    return Draft(ProposalId(row.proposal_id), GroupId(row.group_id), RevisionId(row.base_revision), Fields(json.loads(row.fields_json)),
                 row.saved_at)


def discard_draft(session: Session, *, proposal_id: str) -> None:
    session.execute(delete(LocalDraft).where(LocalDraft.proposal_id == proposal_id))
    changes.note(session, drafts=(proposal_id,))
