"""Overlap suggestions for the store's proposals (a working group's or the whole coalition's)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from stratplan.core.consolidation import embeddings
from stratplan.core.consolidation.overlaps import (
    DEFAULT_THRESHOLD,
    OverlapGroup,
    OverlapText,
    find_overlaps,
)
from stratplan.core.services import proposals

# Points that are decided or out of play are not suggested for merging.
SKIPPED_STATUSES = ("adopted", "retired", "withdrawn", "rejected", "merged")


@dataclass(frozen=True)
class Suggestion:
    group: OverlapGroup
    titles: dict[str, str]
    texts: dict[str, str]


def overlap_texts(session: Session) -> list[OverlapText]:
    """Every proposal still in play, as the finder reads it (gist: title and summary)."""
    out = []
    for row in proposals.list_proposals(session):
        if row.status in SKIPPED_STATUSES:
            continue
        f = proposals.get_proposal(session, row.id).fields
        text = "\n\n".join(x for x in (f["title"], f["summary"], f["objective"], "\n".join(f["actions"]),
                                       f["body"]) if x)
        out.append(OverlapText(id=row.id, title=f["title"], text=text, language=f["language"],
                               group=f["group"], gist="\n".join(x for x in (f["title"], f["summary"]) if x)))
    return out


def vector_cache_path(store_path: Path) -> Path:
    """The laptop-local cache of sentence vectors beside a store (derived, never shared)."""
    return store_path.with_name(store_path.name + ".vectors.npz")


def suggest(session: Session, *, group_id: str | None = None, threshold: float = DEFAULT_THRESHOLD,
            cache: Path | None = None,
            progress: Callable[[int, int], None] | None = None) -> list[Suggestion]:
    """Cohesive groups of proposals that look like duplicates or overlaps, best first.

    The whole coalition is compared even for one working group, so a duplicate in another
    group is kept (and the n-gram weights do not change with the scope); with group_id only
    the groups holding one of its proposals are returned. With cache (a path) and the bundled
    model installed, proposals in different languages are compared too.
    """
    texts = overlap_texts(session)
    vectors = None
    if cache is not None and embeddings.available() and texts:
        store = embeddings.VectorCache(cache)
        vectors = store.vectors([t.gist for t in texts], progress=progress)
        store.save(keep=[t.gist for t in texts])
    by_id = {t.id: t for t in texts}
    found = find_overlaps(texts, threshold=threshold, vectors=vectors)
    if group_id is not None:
        found = tuple(g for g in found if any(by_id[i].group == group_id for i in g.ids))
    return [Suggestion(g, {i: by_id[i].title for i in g.ids}, {i: by_id[i].text for i in g.ids})
            for g in found]
