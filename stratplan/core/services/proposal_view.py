"""Everything the window shows of one open plan point, read in one go."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from stratplan.core.services import comments, consolidation, overlap_review, proposals
from stratplan.core.services.comments import CommentInfo
from stratplan.core.services.consolidation import LateEdit
from stratplan.core.services.drafts import Draft, load_draft
from stratplan.core.services.overlap_review import RelatedLink
from stratplan.core.services.proposals import ProposalDetail, RevisionInfo


@dataclass(frozen=True)
class ProposalView:
    """The open point: its fields, history, discussion, local draft and merge notes."""

    detail: ProposalDetail
    revisions: list[RevisionInfo]
    comments: list[CommentInfo]
    draft: Draft | None
    coauthors: list[str]
    late_edits: list[LateEdit]
    # Points a reviewer linked to this one as related (consolidation), by title.
    related: tuple[RelatedLink, ...] = ()


def open_proposal(session: Session, *, proposal_id: str) -> ProposalView:
    """Read everything the editor, History and Comments tabs show for one point."""
    return ProposalView(
        detail=proposals.get_proposal(session, proposal_id),
        revisions=proposals.history(session, proposal_id=proposal_id),
        comments=comments.list_comments(session, proposal_id=proposal_id),
        draft=load_draft(session, proposal_id=proposal_id),
        coauthors=consolidation.coauthors(session, proposal_id),
        late_edits=consolidation.late_edits(session, proposal_id),
        related=tuple(overlap_review.related_to(session, proposal_id)),
    )
