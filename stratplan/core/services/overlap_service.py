"""Overlap suggestions for the store's proposals (a working group's or the whole coalition's)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from stratplan.core.consolidation.overlaps import OverlapGroup, OverlapText, find_overlaps
from stratplan.core.services import proposals

# Points that are decided or out of play are not suggested for merging.
SKIPPED_STATUSES = ("adopted", "retired", "withdrawn", "rejected", "merged")


@dataclass(frozen=True)
class Suggestion:
    group: OverlapGroup
    titles: dict[str, str]
    texts: dict[str, str]


def overlap_texts(session: Session, *, group_id: str | None = None) -> list[OverlapText]:
    out = []
    for row in proposals.list_proposals(session, group_id=group_id):
        if row.status in SKIPPED_STATUSES:
            continue
        f = proposals.get_proposal(session, row.id).fields
        text = "\n\n".join(x for x in (f["title"], f["summary"], f["objective"], "\n".join(f["actions"]),
                                       f["body"]) if x)
        out.append(OverlapText(id=row.id, title=f["title"], text=text, language=f["language"], group=f["group"]))
    return out


def suggest(session: Session, *, group_id: str | None = None) -> list[Suggestion]:
    """Groups of proposals that look like duplicates or overlaps, best first."""
    texts = overlap_texts(session, group_id=group_id)
    by_id = {t.id: t for t in texts}
    return [Suggestion(g, {i: by_id[i].title for i in g.ids}, {i: by_id[i].text for i in g.ids})
            for g in find_overlaps(texts)]
