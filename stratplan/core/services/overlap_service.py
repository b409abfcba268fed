"""Overlap suggestions for the store's proposals (a working group's or the whole coalition's).

The window and the command line call the same `suggest`: character n-grams and the bundled
multilingual sentence vectors combined by one model, with the vectors cached beside the store
file, so the second search on a store only embeds what changed since.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.consolidation import embeddings
from stratplan.core.consolidation.overlaps import (
    DEFAULT_THRESHOLD,
    OverlapGroup,
    OverlapText,
    find_overlaps,
)
from stratplan.core.consolidation.progress import (
    Cancelled,
    Progress,
    Steps,
    SuggestCancelledError,
)
from stratplan.core.db.models import Proposal, SyncOp
from stratplan.core.fields import point_fields
from stratplan.core.services import proposals

__all__ = ["DEFAULT_THRESHOLD", "SKIPPED_STATUSES", "Suggestion", "SuggestCancelledError",
           "default_cache", "overlap_texts", "suggest", "vector_cache_path"]

# Points that are decided or out of play are not suggested for merging.
SKIPPED_STATUSES = ("adopted", "retired", "withdrawn", "rejected", "merged")
# Texts read per query: the store's rows stream in chunks rather than all at once.
_CHUNK = 2000
# Vectors of stores that have no file (in-memory stores of tests and demos), by text key, for
# the life of the process.
_MEMORY: dict[str, embeddings.VectorCache] = {}


@dataclass(frozen=True)
class Suggestion:
    group: OverlapGroup
    titles: dict[str, str]
    texts: dict[str, str]


def overlap_texts(session: Session) -> list[OverlapText]:
    """Every proposal still in play, as the finder reads it (gist: title and summary).

    One query over the proposals and their head revisions' operations, not one per proposal:
    a 50,000-proposal store is read in seconds.
    """
    merged = proposals.merge_map(session)
    stmt = (select(Proposal.id, Proposal.status, Proposal.merged_json, SyncOp.body)
            .outerjoin(SyncOp, SyncOp.id == Proposal.head_revision)
            .where(~Proposal.deleted)
            .order_by(Proposal.id))
    out = []
    for pid, status, merged_json, body in session.execute(stmt.execution_options(
            yield_per=_CHUNK)):
        if pid in merged or status in SKIPPED_STATUSES:
            continue
        if merged_json:
            f = point_fields(json.loads(merged_json))
        elif body is not None:
            f = point_fields(json.loads(body)["payload"]["fields"])
        else:
            continue  # a head whose operation is missing: nothing to compare
        if f["status"] in SKIPPED_STATUSES:
            continue
        text = "\n\n".join(x for x in (f["title"], f["summary"], f["objective"],
                                       "\n".join(f["actions"]), f["body"]) if x)
        out.append(OverlapText(id=pid, title=f["title"], text=text, language=f["language"],
                               group=f["group"],
                               gist="\n".join(x for x in (f["title"], f["summary"]) if x)))
    return out


def vector_cache_path(store_path: Path) -> Path:
    """The laptop-local cache of sentence vectors beside a store (derived, never shared)."""
    return store_path.with_name(store_path.name + ".vectors.npz")


def default_cache(session: Session) -> Path | None:
    """The vector cache beside the session's store file; None for a store in memory."""
    url = session.get_bind().engine.url
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:" \
            or database.startswith("file:"):
        return None
    return vector_cache_path(Path(database))


def suggest(session: Session, *, group_id: str | None = None, threshold: float = DEFAULT_THRESHOLD,
            cache: Path | None = None, progress: Progress | None = None,
            cancelled: Cancelled | None = None, ngrams_only: bool = False) -> list[Suggestion]:
    """Cohesive groups of proposals that look like duplicates or overlaps, best first.

    The whole coalition is compared even for one working group, so a duplicate in another
    group is kept; with group_id only the groups holding one of its proposals are returned.
    Proposals in different languages are compared through the bundled model's vectors, kept
    in cache (by default the file beside the store, see default_cache), unless ngrams_only or
    the model is not installed. progress(done, total) reports the work (embedding the
    proposals not cached yet, then comparing); cancelled() -> True stops it with
    SuggestCancelledError, before anything is written.
    """
    steps = Steps(1, progress, cancelled)
    steps.check()
    texts = overlap_texts(session)
    vectors = None
    store = None
    if not ngrams_only and embeddings.available() and texts:
        store = _cache(session, cache)
        gists = [t.gist for t in texts]
        missing = store.missing(gists)
        steps.total = missing + len(texts) + 1
        vectors = store.vectors(gists, progress=steps.part(missing), cancelled=cancelled)
    else:
        steps.total = len(texts) + 1
    by_id = {t.id: t for t in texts}
    found = find_overlaps(texts, threshold=threshold, vectors=vectors,
                          progress=steps.part(len(texts)), cancelled=cancelled)
    if store is not None:
        # Written last: a cancelled search leaves the cache as it was (it would only cost
        # time, but nothing is half-done either).
        store.save(keep=[t.gist for t in texts])
    if group_id is not None:
        found = tuple(g for g in found if any(by_id[i].group == group_id for i in g.ids))
    steps.advance(steps.total)
    return [Suggestion(g, {i: by_id[i].title for i in g.ids}, {i: by_id[i].text for i in g.ids})
            for g in found]


def _cache(session: Session, cache: Path | None) -> embeddings.VectorCache:
    path = cache if cache is not None else default_cache(session)
    if path is not None:
        return embeddings.VectorCache(path)
    key = str(session.get_bind().engine.url)
    return _MEMORY.setdefault(key, embeddings.VectorCache(None))
